# Browser build: two modules from the same sources, written into FORKLAB_WEB_OUT together
# with the static files of web/, so that folder is a complete, servable site.
#   forklab     threaded (-pthread, Web Workers; needs a cross-origin isolated page),
#               MODULARIZE factory createForklab, backends sim + threads.
#   forklab-st  single-threaded (no SharedArrayBuffer), factory createForklabST,
#               FORKLAB_NO_THREADS=1, backend sim only.
# Optional JS from wasm/: pre.js (--pre-js), post.js (--post-js), library*.js (--js-library).
include_guard(GLOBAL)

set(FORKLAB_SDL2_MT "${FORKLAB_DEPS_DIR}/sdl2-mt" CACHE PATH "SDL2 built for wasm with -pthread")
set(FORKLAB_SDL2_ST "${FORKLAB_DEPS_DIR}/sdl2-st" CACHE PATH "SDL2 built for wasm without threads")
set(FORKLAB_PTHREAD_POOL_SIZE 8 CACHE STRING "Workers started with main (threaded module)")
set(FORKLAB_WASM_MEMORY 512MB CACHE STRING "Fixed INITIAL_MEMORY of the threaded module")

forklab_add_wasm_imgui(""    ON  "${FORKLAB_SDL2_MT}")
forklab_add_wasm_imgui("_st" OFF "${FORKLAB_SDL2_ST}")
forklab_add_core_libs(""    ON)
forklab_add_core_libs("_st" OFF)

forklab_glob(FORKLAB_WASM_SOURCES "${FORKLAB_SRC}/wasm/*.cpp")
forklab_glob(FORKLAB_WASM_JSLIBS "${FORKLAB_SRC}/wasm/library*.js")

set(FORKLAB_WASM_COMMON_LINK
  -sUSE_SDL=0
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sMODULARIZE=1
  -sENVIRONMENT=web,worker,node
  "-sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8,FS"
  "-sEXPORTED_FUNCTIONS=_main,_malloc,_free"
  -sSTACK_OVERFLOW_CHECK=1)
set(_link_deps "")
if(EXISTS "${FORKLAB_SRC}/wasm/pre.js")
  list(APPEND FORKLAB_WASM_COMMON_LINK "--pre-js" "${FORKLAB_SRC}/wasm/pre.js")
  list(APPEND _link_deps "${FORKLAB_SRC}/wasm/pre.js")
endif()
if(EXISTS "${FORKLAB_SRC}/wasm/post.js")
  list(APPEND FORKLAB_WASM_COMMON_LINK "--post-js" "${FORKLAB_SRC}/wasm/post.js")
  list(APPEND _link_deps "${FORKLAB_SRC}/wasm/post.js")
endif()
foreach(_lib ${FORKLAB_WASM_JSLIBS})
  list(APPEND FORKLAB_WASM_COMMON_LINK "--js-library" "${_lib}")
  list(APPEND _link_deps "${_lib}")
endforeach()

file(MAKE_DIRECTORY "${FORKLAB_WEB_OUT}")

function(forklab_add_wasm_module name suffix export_name)
  add_executable(${name} ${FORKLAB_WASM_SOURCES})
  set_target_properties(${name} PROPERTIES
    OUTPUT_NAME "${name}" SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY "${FORKLAB_WEB_OUT}"
    LINK_DEPENDS "${_link_deps}")
  target_include_directories(${name} PRIVATE "${FORKLAB_SRC}/wasm")
  target_link_libraries(${name} PRIVATE forklab_ui${suffix} forklab_core${suffix}
                        forklab_imgui_backends${suffix})
  target_link_options(${name} PRIVATE ${FORKLAB_WASM_COMMON_LINK} "-sEXPORT_NAME=${export_name}" ${ARGN})
  forklab_apply_options(${name})
endfunction()

if(FORKLAB_WASM_SOURCES)
  # Fixed memory for the threaded module: ALLOW_MEMORY_GROWTH with pthreads makes every JS
  # access to the heap go through a slow path in 3.1.6 (and warns).
  # The pool's Workers load beside main() instead of before it (PTHREAD_POOL_DELAY_LOAD):
  # eight Workers each compiling the module held the first frame back by about half a
  # second on two cores. A thread started before its Worker is up waits for it; nothing
  # on the page's main thread waits for a thread.
  forklab_add_wasm_module(forklab "" createForklab
    -sPTHREAD_POOL_SIZE=${FORKLAB_PTHREAD_POOL_SIZE} -sPTHREAD_POOL_DELAY_LOAD=1
    -sINITIAL_MEMORY=${FORKLAB_WASM_MEMORY})
  forklab_add_wasm_module(forklab-st "_st" createForklabST
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB)
else()
  message(STATUS "forklab: no wasm/*.cpp yet; the browser modules are skipped")
endif()

# Static files of the site (index.html, loader JS, CSS, scenarios) are copied on every
# build by a script, so new files appear without re-configuring.
add_custom_target(forklab_web_static ALL
  COMMAND "${CMAKE_COMMAND}" "-DSRC=${FORKLAB_SRC}/web" "-DDST=${FORKLAB_WEB_OUT}"
          -P "${CMAKE_CURRENT_LIST_DIR}/CopyWebStatic.cmake"
  COMMENT "Copying web/ static files into ${FORKLAB_WEB_OUT}")

# Browser tests run against the built site (ctest --test-dir build/wasm -L browser).
enable_testing()
if(EXISTS "${FORKLAB_SRC}/scripts/run-browser-tests.sh")
  add_test(NAME browser COMMAND bash "${FORKLAB_SRC}/scripts/run-browser-tests.sh")
elseif(EXISTS "${FORKLAB_SRC}/web/tests")
  find_program(NODE_EXECUTABLE node REQUIRED)
  add_test(NAME browser COMMAND "${NODE_EXECUTABLE}" --test "${FORKLAB_SRC}/web/tests/")
endif()
if(TEST browser)
  set_tests_properties(browser PROPERTIES LABELS "browser" TIMEOUT 900
    WORKING_DIRECTORY "${FORKLAB_SRC}"
    ENVIRONMENT "WEB_DIR=${FORKLAB_WEB_OUT};FORKLAB_WEB_DIR=${FORKLAB_WEB_OUT}")
endif()
