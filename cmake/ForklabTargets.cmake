# The libraries shared by every build: forklab_core (runtime, lang, trace, exec) and
# forklab_ui (the Dear ImGui viewer). The browser build declares them twice: with
# -pthread (suffix "") and single-threaded (suffix "_st", FORKLAB_NO_THREADS=1), because
# every object of a -pthread wasm link must itself be compiled with -pthread.
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/EmbedPython.cmake")  # the catalogue and the Pool prelude

set(FORKLAB_SRC "${CMAKE_CURRENT_LIST_DIR}/..")
get_filename_component(FORKLAB_SRC "${FORKLAB_SRC}" ABSOLUTE)

# Header-only third-party packages (doctest, nlohmann-json) on a private include path:
# em++ must never see -I/usr/include, so we expose only the package folders via links.
set(FORKLAB_SYSINC "${CMAKE_BINARY_DIR}/sysinc")
foreach(_pkg doctest nlohmann)
  if(EXISTS "/usr/include/${_pkg}" AND NOT EXISTS "${FORKLAB_SYSINC}/${_pkg}")
    file(MAKE_DIRECTORY "${FORKLAB_SYSINC}")
    file(CREATE_LINK "/usr/include/${_pkg}" "${FORKLAB_SYSINC}/${_pkg}" SYMBOLIC)
  endif()
endforeach()

# Scope for the wasm/native flavour: threaded = ON adds -pthread on Emscripten.
function(forklab_flavour target threaded)
  if(EMSCRIPTEN)
    if(threaded)
      target_compile_options(${target} PUBLIC -pthread)
      target_link_options(${target} PUBLIC -pthread)
    else()
      target_compile_definitions(${target} PUBLIC FORKLAB_NO_THREADS=1)
    endif()
  endif()
endfunction()

function(forklab_add_core_libs suffix threaded)
  forklab_glob(_core
    "${FORKLAB_SRC}/shared/runtime/*.cpp" "${FORKLAB_SRC}/shared/lang/*.cpp"
    "${FORKLAB_SRC}/shared/trace/*.cpp"   "${FORKLAB_SRC}/shared/exec/*.cpp"
    "${FORKLAB_SRC}/shared/catalogue/*.cpp")
  forklab_nonempty_sources(_core)
  forklab_embed_python_table(_catalogue "web/scenarios/*.py" scenario_catalogue.cpp
                             "catalogue/catalogue.h" CatalogueScenario scenario_catalogue)
  list(APPEND _core "${_catalogue}")
  forklab_embed_python_text(_prelude "shared/lang/prelude/pool.py" prelude_source.cpp
                            "lang/prelude.h" forklab::lang prelude_source)
  list(APPEND _core "${_prelude}")
  add_library(forklab_core${suffix} STATIC ${_core})
  target_include_directories(forklab_core${suffix} PUBLIC "${FORKLAB_SRC}/shared")
  target_include_directories(forklab_core${suffix} SYSTEM PUBLIC "${FORKLAB_SYSINC}")
  target_compile_features(forklab_core${suffix} PUBLIC cxx_std_20)
  forklab_flavour(forklab_core${suffix} ${threaded})
  if(NOT EMSCRIPTEN)
    target_link_libraries(forklab_core${suffix} PUBLIC Threads::Threads)
  endif()
  forklab_apply_options(forklab_core${suffix})

  forklab_glob(_ui "${FORKLAB_SRC}/shared/ui/*.cpp")
  forklab_nonempty_sources(_ui)
  add_library(forklab_ui${suffix} STATIC ${_ui})
  target_link_libraries(forklab_ui${suffix} PUBLIC forklab_core${suffix} forklab_imgui${suffix})
  forklab_apply_options(forklab_ui${suffix})
endfunction()
