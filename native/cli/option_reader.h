// The command line of every subcommand, read one argument at a time, so that "--name value"
// and "--name=value" mean the same everywhere (the run, explore, compare, step and bench
// commands used to each spell this out, with small differences).
//
//   OptionReader args(argc, argv);
//   while (args.next()) {
//       std::string_view v;
//       if (args.name() == "--seed") { if (!args.value(&v)) return usage("--seed needs a value"); ... }
//       else if (args.is_option()) return usage("unknown option '" + std::string(args.arg()) + "'");
//       else file = args.arg();
//   }
#pragma once
#include <string_view>

namespace forklab {

class OptionReader {
public:
    OptionReader(int argc, char** argv) : argc_(argc), argv_(argv) {}

    // Moves to the next argument; false when there are none left.
    bool next() {
        if (++i_ >= argc_) return false;
        arg_ = argv_[i_];
        name_ = arg_;
        inline_value_ = {};
        has_inline_value_ = false;
        const size_t eq = arg_.find('=');
        if (arg_.size() > 2 && arg_.substr(0, 2) == "--" && eq != std::string_view::npos) {
            name_ = arg_.substr(0, eq);
            inline_value_ = arg_.substr(eq + 1);
            has_inline_value_ = true;
        }
        return true;
    }

    std::string_view arg() const { return arg_; }    // the whole argument
    std::string_view name() const { return name_; }  // "--name" of "--name=value"; else arg()
    // "-x", "--x": an option rather than a file name ("-" alone is a file name).
    bool is_option() const { return arg_.size() > 1 && arg_[0] == '-'; }
    // A flag takes no value: "--json=1" is not "--json".
    bool flag(std::string_view name) const { return arg_ == name; }

    // The current option's value: the text after '=' or else the next argument (consumed).
    // False when there is none.
    bool value(std::string_view* out) {
        if (has_inline_value_) {
            *out = inline_value_;
            return true;
        }
        if (i_ + 1 >= argc_) return false;
        *out = argv_[++i_];
        return true;
    }

private:
    int argc_;
    char** argv_;
    int i_ = -1;
    std::string_view arg_, name_, inline_value_;
    bool has_inline_value_ = false;
};

}  // namespace forklab
