# cmake -DSRC=web -DDST=build/web -P CopyWebStatic.cmake
# Copies the static site from web/ (everything except tests, node_modules, the dev server
# and npm metadata) into DST, only when contents changed. The optional service worker
# coi-serviceworker.min.js (npm, web/package.json; it lets a static host without COOP/COEP
# headers isolate the lab, web/coi.js) is copied from web/node_modules when installed, and
# removed from DST when not, so the site never serves a stale copy.
file(GLOB_RECURSE _files RELATIVE "${SRC}" "${SRC}/*")
foreach(_rel ${_files})
  if(_rel MATCHES "^(tests|node_modules|test-results|playwright-report)/"
     OR _rel MATCHES "^(serve\\.py|package\\.json|package-lock\\.json|README\\.md)$"
     OR _rel MATCHES "(^|/)\\.")
    continue()
  endif()
  get_filename_component(_dir "${DST}/${_rel}" DIRECTORY)
  file(MAKE_DIRECTORY "${_dir}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${SRC}/${_rel}" "${DST}/${_rel}")
endforeach()

set(_coi "${SRC}/node_modules/coi-serviceworker/coi-serviceworker.min.js")
if(EXISTS "${_coi}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -E copy_if_different "${_coi}" "${DST}/coi-serviceworker.min.js")
elseif(EXISTS "${DST}/coi-serviceworker.min.js")
  message(STATUS "coi-serviceworker is not installed (npm ci --prefix web): removing it from ${DST}")
  file(REMOVE "${DST}/coi-serviceworker.min.js")
endif()
