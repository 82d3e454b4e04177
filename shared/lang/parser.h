// Parser: tokens -> syntax tree, by recursive descent with one function per grammar level.
// It stops at the first error (a panic flag stops cascades). Constructs the language does
// not support yet are refused here, by name, so the user sees "forklab does not support
// 'class' yet" with a line and column instead of a crash or a confusing runtime error.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "lang/ast.h"
#include "runtime/diagnostic.h"

namespace forklab::lang {

struct ParseResult {
    Module module;
    std::optional<Diagnostic> error;
};

ParseResult parse_module(std::string_view source, const std::string& filename);

}  // namespace forklab::lang
