# Dear ImGui 1.86 and its SDL2 + OpenGL3 backends.
#   native: Debian libimgui-dev (static libimgui.a + headers); the backend .cpp files from
#           /usr/share/doc/libimgui-dev/examples/backends are compiled into
#           forklab_imgui_backends (libimgui.a also carries prebuilt backend objects, used
#           as the fallback where /usr/share/doc is stripped, e.g. docker images).
#   wasm:   the Debian *source* package imgui, unpacked by scripts/build-wasm-deps.sh
#           into ${FORKLAB_DEPS_DIR}/imgui, compiled per flavour (forklab_imgui / _st) with
#           the SDL2 built from the Debian libsdl2 source package (sdl2-mt / sdl2-st).
# Targets: forklab_imgui[_st] (core), forklab_imgui_backends[_st] (SDL2 + GL backends).
# Include style for users: "imgui.h", "imgui_impl_sdl.h", "imgui_impl_opengl3.h", <SDL.h>.
include_guard(GLOBAL)

if(NOT EMSCRIPTEN)
  find_package(Threads REQUIRED)
  find_package(SDL2 REQUIRED CONFIG)
  find_package(OpenGL REQUIRED)
  # imgui.pc: -I/usr/include/imgui -I/usr/include/stb -limgui -lstb (Debian builds ImGui
  # against the system stb library instead of its bundled imstb_* implementations).
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  find_path(IMGUI_INCLUDE_DIR imgui.h PATH_SUFFIXES imgui REQUIRED)

  add_library(forklab_imgui INTERFACE)
  target_link_libraries(forklab_imgui INTERFACE PkgConfig::IMGUI)
  target_include_directories(forklab_imgui SYSTEM INTERFACE "${IMGUI_INCLUDE_DIR}" "${IMGUI_INCLUDE_DIR}/backends")

  set(IMGUI_BACKENDS_DIR "/usr/share/doc/libimgui-dev/examples/backends" CACHE PATH
      "Where the ImGui backend sources are (libimgui-dev docs)")
  set(_impl "${IMGUI_BACKENDS_DIR}/imgui_impl_sdl.cpp" "${IMGUI_BACKENDS_DIR}/imgui_impl_opengl3.cpp")
  set(_have_impl ON)
  foreach(_f ${_impl})
    if(NOT EXISTS "${_f}")
      set(_have_impl OFF)
    endif()
  endforeach()
  if(_have_impl)
    add_library(forklab_imgui_backends STATIC ${_impl})
    target_include_directories(forklab_imgui_backends PRIVATE "${IMGUI_INCLUDE_DIR}/backends")
  else()
    message(STATUS "ImGui backend sources not found; using the objects inside libimgui.a")
    add_library(forklab_imgui_backends INTERFACE)
  endif()
  # SDL2::SDL2 puts /usr/include/SDL2 on the path, so <SDL.h> works as in the ImGui examples.
  target_link_libraries(forklab_imgui_backends PUBLIC forklab_imgui SDL2::SDL2 OpenGL::GL ${CMAKE_DL_LIBS})
  return()
endif()

# ---------------------------------------------------------------- Emscripten
set(IMGUI_SOURCE_DIR "${FORKLAB_DEPS_DIR}/imgui" CACHE PATH "Unpacked Debian imgui source")
if(NOT EXISTS "${IMGUI_SOURCE_DIR}/imgui.cpp")
  message(FATAL_ERROR "No ImGui sources in ${IMGUI_SOURCE_DIR}: run scripts/build-wasm-deps.sh")
endif()

function(forklab_add_wasm_imgui suffix threaded sdl_prefix)
  if(NOT EXISTS "${sdl_prefix}/lib/libSDL2.a")
    message(FATAL_ERROR "No SDL2 for wasm in ${sdl_prefix}: run scripts/build-wasm-deps.sh")
  endif()
  add_library(forklab_sdl2${suffix} STATIC IMPORTED GLOBAL)
  set_target_properties(forklab_sdl2${suffix} PROPERTIES
    IMPORTED_LOCATION "${sdl_prefix}/lib/libSDL2.a"
    # SDL2 first: em++ puts its bundled SDL1 headers on the search path.
    INTERFACE_INCLUDE_DIRECTORIES "${sdl_prefix}/include/SDL2;${sdl_prefix}/include")

  add_library(forklab_imgui${suffix} STATIC
    "${IMGUI_SOURCE_DIR}/imgui.cpp" "${IMGUI_SOURCE_DIR}/imgui_draw.cpp"
    "${IMGUI_SOURCE_DIR}/imgui_tables.cpp" "${IMGUI_SOURCE_DIR}/imgui_widgets.cpp"
    "${IMGUI_SOURCE_DIR}/imgui_demo.cpp")
  target_include_directories(forklab_imgui${suffix} SYSTEM PUBLIC
    "${IMGUI_SOURCE_DIR}" "${IMGUI_SOURCE_DIR}/backends")
  forklab_flavour(forklab_imgui${suffix} ${threaded})

  # SDL2 input only: the page draws with its own WebGL2 renderer (wasm/gl_renderer.h says why).
  add_library(forklab_imgui_backends${suffix} STATIC
    "${IMGUI_SOURCE_DIR}/backends/imgui_impl_sdl.cpp")
  target_link_libraries(forklab_imgui_backends${suffix} PUBLIC forklab_imgui${suffix} forklab_sdl2${suffix})
endfunction()
