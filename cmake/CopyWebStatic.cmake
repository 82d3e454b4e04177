# cmake -DSRC=web -DDST=build/web -P CopyWebStatic.cmake
# Copies the static site from web/ (everything except tests, node_modules, the dev server
# and npm metadata) into DST, only when contents changed.
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
