// Host's default implementations of the calls a backend need not override.
#include "runtime/host.h"

#if !defined(__EMSCRIPTEN__)
#include <filesystem>
#include <system_error>
#endif

namespace forklab {

std::string Host::current_dir() const {
#if defined(__EMSCRIPTEN__)
    return "/";  // the browser lab has no working directory worth showing
#else
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::current_path(ec);
    return ec || p.empty() ? std::string("/") : p.string();
#endif
}

}  // namespace forklab
