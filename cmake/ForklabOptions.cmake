# Warnings and sanitizers, applied per target so third-party code (ImGui, SDL2 backends)
# keeps its own flags.
include_guard(GLOBAL)

function(forklab_apply_options target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra)
    if(FORKLAB_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# Sanitizers go on everything (including ImGui) so that ASan/TSan see all allocations and
# synchronisation; that is why they are global flags rather than per-target options.
if(FORKLAB_SANITIZE AND NOT EMSCRIPTEN)
  set(_san "-fsanitize=${FORKLAB_SANITIZE} -fno-omit-frame-pointer")
  if(FORKLAB_SANITIZE MATCHES "undefined")
    string(APPEND _san " -fno-sanitize-recover=undefined")
  endif()
  string(APPEND CMAKE_C_FLAGS " ${_san}")
  string(APPEND CMAKE_CXX_FLAGS " ${_san}")
  string(APPEND CMAKE_EXE_LINKER_FLAGS " ${_san}")
  string(APPEND CMAKE_SHARED_LINKER_FLAGS " ${_san}")
endif()

# Globs that tolerate empty folders while other engineers are still writing them.
function(forklab_glob out)
  file(GLOB _files CONFIGURE_DEPENDS ${ARGN})
  list(SORT _files)
  set(${out} ${_files} PARENT_SCOPE)
endfunction()

# A static library needs at least one source; an empty placeholder keeps the tree
# configurable before the real sources exist.
function(forklab_nonempty_sources var)
  if(NOT ${var})
    set(_stub "${CMAKE_BINARY_DIR}/forklab_empty.cpp")
    if(NOT EXISTS "${_stub}")
      file(WRITE "${_stub}" "// placeholder: this library has no sources yet\n")
    endif()
    set(${var} "${_stub}" PARENT_SCOPE)
  endif()
endfunction()
