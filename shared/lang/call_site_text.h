// The source text of the calls a process may block in, for the process state and the
// deadlock report ("waiting on `q.get()`", "waiting for lock `candado`"). The compiler keeps
// one CallSite per call word (Code::call_sites); text is rebuilt from the syntax tree, not cut
// out of the source line, so a call spread over several lines still reads as one.
#pragma once
#include <string>

#include "lang/ast.h"
#include "lang/compiler.h"

namespace forklab::lang {

// `a`, `self.q`, `forks[i]`, `v.get_lock()`, `'texto'`, `3`; "" for anything longer or more
// complex (a lambda, a comprehension, an f-string ...).
std::string expr_source_text(const Expr& e);

// A call expression (EK::call) at `word`: text "q.get(timeout=1)" ("q.put(...)" when the
// arguments are too long), subject "q" when the callee is an attribute. Empty text when
// the callee itself has no short text.
CallSite call_site_of(const Expr& call, uint32_t word);
// `with X:` entering at `word`: text "with X", subject "X".
CallSite with_site_of(const Expr& context, uint32_t word);

// The site recorded for `word` in `code`, or null.
const CallSite* find_call_site(const Code& code, uint32_t word);

}  // namespace forklab::lang
