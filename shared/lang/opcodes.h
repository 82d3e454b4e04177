// The bytecode instruction set, as one X-macro list: name and stack effect (VAR when it
// depends on the argument; stack_effect() in compiler.cpp computes those). An instruction is
// one 32-bit word: opcode in the low 8 bits, argument in the high 24 bits. Compact words keep
// the dispatch loop in cache; jumps use absolute word indexes.
#pragma once
#include <cstdint>

namespace forklab::lang {

constexpr int VAR = 1000;

#define FORKLAB_OPCODES(X)                                                                     \
    X(nop, 0)                                                                                  \
    X(pop, -1)                                                                                 \
    X(dup, 1)                                                                                  \
    X(dup2, 2)            /* a b -> a b a b */                                                 \
    X(rot2, 0)            /* a b -> b a */                                                     \
    X(rot3, 0)            /* a b c -> c a b */                                                 \
    X(load_const, 1)      /* arg: constant index */                                            \
    X(load_none, 1)                                                                            \
    X(load_true, 1)                                                                            \
    X(load_false, 1)                                                                           \
    X(load_int, 1)        /* arg: signed 24-bit integer */                                     \
    X(load_fast, 1)       /* arg: local slot */                                                \
    X(store_fast, -1)                                                                          \
    X(delete_fast, 0)                                                                          \
    X(load_global, 1)     /* arg: global slot (falls back to builtins) */                      \
    X(store_global, -1)                                                                        \
    X(delete_global, 0)                                                                        \
    X(load_attr, 0)       /* arg: name index; obj -> value (may block: Value.value) */         \
    X(store_attr, -2)     /* value obj -> (may block) */                                       \
    X(load_subscr, -1)    /* obj key -> value (may block: Array) */                            \
    X(store_subscr, -3)   /* value obj key -> */                                               \
    X(delete_subscr, -2)                                                                       \
    X(binary, -1)         /* arg: BinOp */                                                     \
    X(inplace, -1)        /* arg: BinOp; lists extend in place */                              \
    X(unary, 0)           /* arg: UnOp */                                                      \
    X(compare, -1)        /* arg: CmpOp */                                                     \
    X(jump, 0)                                                                                 \
    X(pop_jump_if_false, -1)                                                                   \
    X(pop_jump_if_true, -1)                                                                    \
    X(jump_if_false_or_pop, -1)                                                                \
    X(jump_if_true_or_pop, -1)                                                                 \
    X(get_iter, 0)                                                                             \
    X(for_iter, 1)        /* iter -> iter next, or pops iter and jumps to arg */               \
    X(build_list, VAR)                                                                         \
    X(build_tuple, VAR)                                                                        \
    X(build_dict, VAR)    /* arg: pairs */                                                     \
    X(build_slice, -2)                                                                         \
    X(list_append, -1)    /* arg: depth of the list below the element */                       \
    X(dict_set, -2)       /* arg: depth of the dict below key, value */                        \
    X(list_extend, -1)                                                                         \
    X(dict_merge, -1)                                                                          \
    X(list_to_tuple, 0)                                                                        \
    X(build_string, VAR)  /* arg: pieces to concatenate */                                     \
    X(format_value, VAR)  /* arg: conversion char | has_spec << 8 */                           \
    X(unpack, VAR)        /* arg: count */                                                     \
    X(call, VAR)          /* arg: positional count */                                          \
    X(call_kw, VAR)       /* arg: npos | nkw << 12; kwnames tuple on top */                    \
    X(call_ex, -2)        /* f args_tuple kwargs_or_none -> result */                          \
    X(return_value, -1)                                                                        \
    X(make_function, -2)  /* arg: code index; defaults kwdefaults closure -> function */       \
    X(import_name, 1)     /* arg: name index */                                                \
    X(import_from, 1)     /* arg: name index; module -> module value */                        \
    X(assert_fail, VAR)   /* arg: has message */                                               \
    X(load_deref, 1)      /* arg: local slot holding a cell */                                 \
    X(store_deref, -1)                                                                         \
    X(delete_deref, 0)                                                                         \
    X(load_closure, 1)    /* arg: local slot; pushes the cell itself */                        \
    X(load_name_ns, 1)    /* class body: arg: global slot; namespace, then globals, builtins */ \
    X(store_name_ns, -1)  /* class body: arg: global slot (its name keys the namespace) */     \
    X(make_class, -2)     /* namespace name base -> class */                                   \
    X(load_method, 1)     /* arg: name index; obj -> function self, or bound undef */          \
    X(call_method, VAR)   /* arg: positional count, self excluded */                           \
    X(push_exc_info, 0)   /* exc -> exc; it becomes the exception being handled */             \
    X(pop_except, 0)      /* the handled exception is done with */                             \
    X(check_exc_match, 0) /* exc class -> exc bool */                                          \
    X(reraise, -1)        /* exc -> raises it again, traceback kept */                         \
    X(raise_varargs, VAR) /* arg: 0 bare raise, 1 exc, 2 exc cause */                          \
    X(load_special, 0)    /* arg: name index; with-statement method lookup on the type */      \
    X(exc_for_exit, 2)    /* exc -> type exc None: the arguments of __exit__ */                \
    X(yield_value, 0)     /* value -> the value sent in on resume */                           \
    X(build_set, VAR)                                                                          \
    X(set_add, -1)        /* arg: depth of the set below the element */                        \
    X(unpack_ex, VAR)     /* arg: before | after << 12; a starred target takes the rest */     \
    X(load_ellipsis, 1)                                                                        \
    X(delete_attr, -1)    /* arg: name index */

enum class Op : uint8_t {
#define X(name, effect) name,
    FORKLAB_OPCODES(X)
#undef X
    count_
};

inline uint32_t encode(Op op, uint32_t arg) { return uint32_t(op) | (arg << 8); }

}  // namespace forklab::lang
