// The stepper's command language and its state as JSON (exec/step_commands.h).
#include "exec/step_commands.h"

#include <vector>

#include "trace/chrome_json.h"

namespace forklab {

const char* const kStepCommandsHelp =
    "commands (P is a process number, P.T a thread of it, as listed):\n"
    "  P         P takes one visible step (until it has done something another process can\n"
    "            see: shared memory, a lock, a pipe or queue, start/join, output)\n"
    "  P i [N]   P runs N bytecode instructions (default 1)\n"
    "  P l       P runs until its source line changes (at most 10000 instructions)\n"
    "  P.T       thread T of P takes the GIL and runs until its next visible step or until\n"
    "            it could give the GIL up, as in CPython 3.11: a loop jumping back, entering a\n"
    "            Python function, Thread.start(), a wait (lock, sleep, join...), its end\n"
    "            (P alone lets the interpreter switch threads by itself, every 5000\n"
    "            instructions); a waiting thread tries its wait again\n"
    "  P.T i [N], P.T l   the same by instructions or by source line, thread T only\n"
    "  b [K]     back one step, or back to step K (0: the start)\n"
    "  s         print the schedule so far (forklab run --schedule S replays it)\n"
    "  c         run to the end by itself\n"
    "  p         show the processes again\n"
    "  h         this help\n"
    "  q         quit (so does the end of the input)\n";

const char* thread_state_name(const SimThreadView& t) {
    return t.waiting ? "waiting" : t.holds_gil ? "has GIL" : "ready";
}

const char* step_state_name(SimProcState s) {
    switch (s) {
        case SimProcState::ready: return "ready";
        case SimProcState::running: return "running";
        case SimProcState::blocked: return "blocked";
        case SimProcState::exited: return "exited";
    }
    return "?";
}

static bool parse_count(std::string_view w, uint64_t max, uint64_t* out) {
    if (w.empty() || w.size() > 10) return false;
    uint64_t v = 0;
    for (char c : w) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + uint64_t(c - '0');
    }
    if (v > max) return false;
    *out = v;
    return true;
}

static std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> w;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        const size_t b = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
        if (i > b) w.push_back(line.substr(b, i - b));
    }
    return w;
}

StepCommandOutcome run_step_command(Stepper& s, std::string_view line) {
    auto fail = [](std::string msg) { return StepCommandOutcome{StepAction::error, std::move(msg)}; };
    const StepCommandOutcome stepped{StepAction::stepped, {}};
    const std::vector<std::string_view> w = words(line);
    if (w.empty() || (w[0] == "p" && w.size() == 1)) return {};
    const std::string_view c = w[0];
    if (c == "q" || c == "quit" || c == "exit") return {StepAction::quit, {}};
    if (c == "h" || c == "help" || c == "?") return {StepAction::help, {}};
    if (c == "s" && w.size() == 1) return {StepAction::schedule, {}};
    if (c == "c") {
        if (w.size() > 1) return fail("c takes no argument");
        if (s.finished()) return fail("the run has ended already");
        s.run_to_end();
        return stepped;
    }
    std::string err;
    if (c == "b") {
        uint64_t k = s.step_count() ? s.step_count() - 1 : 0;
        if (w.size() > 2 || (w.size() == 2 && !parse_count(w[1], UINT32_MAX, &k)))
            return fail("usage: b [K] (K: a step number from 0 to " + std::to_string(s.step_count()) + ")");
        const bool ok = w.size() == 2 ? s.back_to(k, &err) : s.back(&err);
        return ok ? stepped : fail(err);
    }
    // P, or P.T for thread T of process P.
    uint64_t p, t = kAnyThread;
    const size_t dot = c.find('.');
    if (!parse_count(c.substr(0, dot), UINT32_MAX, &p))
        return fail("unknown command '" + std::string(c) + "' (h lists the commands)");
    if (dot != std::string_view::npos && !parse_count(c.substr(dot + 1), UINT32_MAX - 1, &t))
        return fail("'" + std::string(c) + "': after the dot, a thread number (as listed: 0.1)");
    const uint32_t thread = (uint32_t)t;
    bool ok;
    if (w.size() == 1) {
        ok = s.step_visible(ProcId{(uint32_t)p}, &err, 1, thread);
    } else if (w[1] == "i") {
        uint64_t n = 1;
        if (w.size() > 3 || (w.size() == 3 && (!parse_count(w[2], 1'000'000'000, &n) || n == 0)))
            return fail("usage: P i [N] (N: instructions, 1 or more)");
        ok = s.step_instructions(ProcId{(uint32_t)p}, (uint32_t)n, &err, thread);
    } else if (w[1] == "l" && w.size() == 2) {
        ok = s.step_line(ProcId{(uint32_t)p}, &err, thread);
    } else {
        return fail("after a process or thread number: nothing (a visible step), 'i [N]' or 'l'");
    }
    return ok ? stepped : fail(err);
}

std::string stepper_state_json(const Stepper& s) {
    std::string o = "{\"step\":" + std::to_string(s.step_count()) + ",\"schedule\":";
    append_json_string(o, s.schedule());
    const RunResult* r = s.result();
    o += ",\"finished\":";
    o += r ? "true" : "false";
    o += ",\"exitStatus\":" + (r ? std::to_string(r->exit_status) : std::string("null"));
    o += ",\"stdout\":";
    append_json_string(o, s.out());
    o += ",\"stderr\":";
    append_json_string(o, s.err());
    o += ",\"processes\":[";
    bool first = true;
    for (const StepperProcess& p : s.processes()) {
        if (!first) o += ',';
        first = false;
        o += "{\"id\":" + std::to_string(p.id.value) + ",\"name\":";
        append_json_string(o, p.name);
        o += ",\"state\":\"";
        o += step_state_name(p.state);
        o += "\",\"line\":" + std::to_string(p.line) + ",\"source\":";
        append_json_string(o, s.source_line(p.line));
        o += ",\"runnable\":";
        o += p.runnable ? "true" : "false";
        o += ",\"waitingFor\":";
        append_json_string(o, p.waiting_for);
        o += ",\"exitCode\":" + (p.state == SimProcState::exited ? std::to_string(p.exit_code)
                                                                  : std::string("null"));
        o += ",\"threads\":[";
        for (size_t i = 0; i < p.threads.size(); ++i) {
            const SimThreadView& t = p.threads[i];
            if (i) o += ',';
            o += "{\"choice\":\"" + std::to_string(p.id.value) + "." + std::to_string(t.number) +
                 "\",\"number\":" + std::to_string(t.number) + ",\"name\":";
            append_json_string(o, t.name);
            o += ",\"state\":\"";
            o += thread_state_name(t);
            o += "\",\"line\":" + std::to_string(t.line) + ",\"source\":";
            append_json_string(o, s.source_line(t.line));
            o += ",\"waitsIn\":";
            append_json_string(o, t.waits_in);
            o += '}';
        }
        o += "]}";
    }
    o += "],\"diagnostics\":[";
    first = true;
    if (r)
        for (const Diagnostic& d : r->diagnostics) {
            if (!first) o += ',';
            first = false;
            o += "{\"kind\":";
            append_json_string(o, d.kind);
            o += ",\"line\":" + std::to_string(d.line) + ",\"message\":";
            append_json_string(o, d.message);
            o += '}';
        }
    o += "]}";
    return o;
}

}  // namespace forklab
