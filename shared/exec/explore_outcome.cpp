// Outcomes of explored executions: what one is made of, how it is printed and compared.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "exec/explore.h"

namespace forklab {

const char* ending_name(Ending e) {
    switch (e) {
        case Ending::exit: return "exit";
        case Ending::deadlock: return "deadlock";
        case Ending::step_limit: return "step_limit";
        case Ending::error: return "error";
    }
    return "?";
}

// As Python's repr() writes a float: the shortest text that reads back the same.
static std::string float_text(double f) {
    char buf[40];
    for (int prec = 1; prec <= 17; ++prec) {
        std::snprintf(buf, sizeof buf, "%.*g", prec, f);
        if (std::strtod(buf, nullptr) == f) break;
    }
    std::string s = buf;
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // n: nan, inf
    return s;
}

static std::string scalar_text(const Scalar& s) {
    return s.is_float ? float_text(s.f) : std::to_string(s.i);
}

std::string format_shared(const std::vector<SharedCells>& shared) {
    std::string out;
    for (const SharedCells& b : shared) {
        if (!out.empty()) out += ' ';
        out += '#' + std::to_string(b.id) + '=';
        if (b.cells.size() == 1) {
            out += scalar_text(b.cells[0]);
            continue;
        }
        out += '[';
        for (size_t i = 0; i < b.cells.size(); ++i) {
            if (i) out += ", ";
            out += scalar_text(b.cells[i]);
        }
        out += ']';
    }
    return out;
}

std::string outcome_key(const Outcome& o) {
    std::string k = ending_name(o.ending);
    k += '\0';
    k += std::to_string(o.exit_status);
    k += '\0';
    k += o.out;
    k += '\0';
    k += format_shared(o.shared);
    if (o.ending != Ending::exit) {
        k += '\0';
        k += o.message;
    }
    return k;
}

Outcome outcome_of(SimSession& finished, const RunResult& result) {
    Outcome o;
    o.exit_status = result.exit_status;
    o.out = result.out;
    o.shared = finished.shared_state();
    for (const Diagnostic& d : result.diagnostics) {
        o.ending = d.kind == "Deadlock" ? Ending::deadlock : Ending::error;
        o.message = d.kind + ": " + d.message;
        return o;
    }
    // The threads of one process deadlocked among themselves (the process then exits with 1).
    if (std::string d = finished.thread_deadlock(); !d.empty()) {
        o.ending = Ending::deadlock;
        o.message = "Deadlock: " + std::move(d);
    }
    return o;
}

std::string explore_loops_note(const ExploreResult& r) {
    if (r.loops == 0) return "";
    return "note: " + std::to_string(r.loops) + (r.loops == 1 ? " schedule" : " schedules") +
           " came back to a state already on their way (a process waiting in a loop for "
           "something another has not done yet); such a loop can go round any number of times, "
           "so the schedules that go round are not counted, and the outcomes listed are those of "
           "the schedules that leave it";
}

std::string explore_summary(const ExploreResult& r) {
    if (!r.errors.empty()) return "nothing explored: the program does not compile";
    const std::string n = std::to_string(r.schedules) + (r.schedules == UINT64_MAX ? "+" : "");
    const std::string tail = " (" + std::to_string(r.executions) + " executions, " +
                             std::to_string(r.states) + " states, " +
                             std::to_string(r.outcomes.size()) + " outcomes)";
    if (r.complete) return "explored all " + n + " schedules" + tail;
    std::string why = r.stopped_by == "executions" ? "the execution budget was used up"
                    : r.stopped_by == "seconds"    ? "the time budget was used up"
                    : r.stopped_by == "cancelled"  ? "interrupted"
                    : r.stopped_by == "steps"      ? "some executions reached the step limit and were cut short"
                                                   : r.stopped_by;
    return "explored " + n + " of at least " + std::to_string(r.at_least) + " schedules" + tail +
           "; stopped: " + why;
}

}  // namespace forklab
