// Stepper (exec/stepper.h): choices go to a SimSession in manual step mode; undo replays
// them, the same calls in the same order, in a fresh session of the same compiled program.
#include "exec/stepper.h"

#include <algorithm>
#include <optional>

#include "lang/interp.h"

namespace forklab {

struct Stepper::Live final : OutputSink {
    std::unique_ptr<SimSession> session;
    std::vector<StepOutput> output;
    std::optional<RunResult> result;  // once finished
    uint32_t last_proc = UINT32_MAX;  // who took the last step

    void write(ProcId proc, Stream stream, std::string_view text) override {
        if (output.empty() || output.back().proc != proc || output.back().stream != stream)
            output.push_back(StepOutput{proc, stream, std::string()});
        output.back().text.append(text);
    }
};

Stepper::Stepper(RunRequest request) : request_(std::move(request)) {
    request_.backend = Backend::sim;
    request_.sim.policy = SimPolicy::steps;
    request_.sim.manual = true;
    request_.sim.schedule.clear();
    if (!request_.limits.max_instructions) request_.limits.max_instructions = kDefaultMaxInstructions;
    CompileResult c = compile_program(request_.source, request_.filename);
    program_ = std::move(c.program);  // null: the session reports the errors itself
    fresh_session();
}

Stepper::~Stepper() = default;

void Stepper::fresh_session() {
    live_ = std::make_unique<Live>();
    live_->session = std::make_unique<SimSession>(request_, live_.get(), program_);
    settle();
}

void Stepper::settle() {
    SimSession& s = *live_->session;
    // At least once: a choice waits to be taken, and a new session has yet to put its
    // MainProcess on a core (before that nothing is runnable).
    do s.advance(1u << 20);
    while (!s.finished() && !s.waiting_for_choice());
    if (s.finished() && !live_->result) live_->result = s.take_result();
}

void Stepper::take(const StepChoice& c) {
    SimSession& s = *live_->session;
    switch (c.kind) {
        case StepChoice::visible:
            s.step(ProcId{c.proc}, c.count, false, c.thread, !c.from_schedule && c.thread == kAnyThread);
            break;
        case StepChoice::instructions: s.step(ProcId{c.proc}, c.count, true, c.thread); break;
        case StepChoice::line:
            // One instruction at a time, as it was taken, so the replay is the same calls.
            for (uint32_t i = 0; i < c.count && !s.finished(); ++i) {
                s.step(ProcId{c.proc}, 1, true, c.thread);
                settle();
            }
            break;
        case StepChoice::to_end: s.set_manual(false); break;
    }
    settle();
    if (c.kind != StepChoice::to_end) live_->last_proc = c.proc;
}

static const char* state_words(SimProcState s) {
    switch (s) {
        case SimProcState::ready: return "ready";
        case SimProcState::running: return "running";
        case SimProcState::blocked: return "blocked";
        case SimProcState::exited: return "exited";
    }
    return "?";
}

// The live thread `number` of a process view, or null.
static const SimThreadView* thread_of(const SimProcessView& v, uint32_t number) {
    for (const SimThreadView& t : v.threads)
        if (t.number == number) return &t;
    return nullptr;
}

bool Stepper::check_runnable(ProcId p, uint32_t thread, std::string* error) const {
    if (finished()) {
        *error = "the run is over (exit status " + std::to_string(result()->exit_status) +
                 "); go back (b) to step again";
        return false;
    }
    const std::vector<ProcId> can = runnable();
    const std::vector<SimProcessView> procs = live_->session->processes();
    if (std::find(can.begin(), can.end(), p) != can.end()) {
        if (thread == kAnyThread || thread_of(procs[p.value], thread)) return true;
        const SimProcessView& v = procs[p.value];
        *error = v.name + " (process " + std::to_string(p.value) + ") has no thread " +
                 std::to_string(thread);
        if (v.threads.empty()) *error += ": it has not started any thread";
        else {
            *error += " (its threads:";
            for (const SimThreadView& t : v.threads) *error += " " + std::to_string(p.value) + "." + std::to_string(t.number);
            *error += ")";
        }
        return false;
    }
    if (p.value >= procs.size()) {
        *error = "there is no process " + std::to_string(p.value) + " (processes are 0 to " +
                 std::to_string(procs.size() - 1) + ")";
        return false;
    }
    const SimProcessView& v = procs[p.value];
    *error = v.name + " (process " + std::to_string(p.value) + ") cannot take a step: ";
    if (v.state == SimProcState::exited)
        *error += "it has exited with code " + std::to_string(v.exit_code);
    else if (v.waiting_for.rfind(v.name, 0) == 0)  // "Process-1 cannot exit: ..."
        *error += v.waiting_for.substr(v.name.size() + 1);
    else if (!v.waiting_for.empty())
        *error += (v.waiting_for.rfind("waiting", 0) == 0 || v.waiting_for.rfind("sleeping", 0) == 0
                       ? "it is " : "it ") + v.waiting_for;
    else
        *error += std::string("it is ") + state_words(v.state);
    return false;
}

bool Stepper::step_visible(ProcId p, std::string* error, uint32_t count, uint32_t thread) {
    return visible_choice(StepChoice{StepChoice::visible, p.value, count, thread}, error);
}

bool Stepper::visible_choice(StepChoice c, std::string* error) {
    if (c.count == 0) {
        *error = "a step needs at least one operation";
        return false;
    }
    if (!check_runnable(ProcId{c.proc}, c.thread, error)) return false;
    take(c);
    choices_.push_back(c);
    return true;
}

bool Stepper::step_instructions(ProcId p, uint32_t count, std::string* error, uint32_t thread) {
    if (count == 0) {
        *error = "a step needs at least one instruction";
        return false;
    }
    if (!check_runnable(p, thread, error)) return false;
    const StepChoice c{StepChoice::instructions, p.value, count, thread};
    take(c);
    choices_.push_back(c);
    return true;
}

bool Stepper::step_line(ProcId p, std::string* error, uint32_t thread) {
    if (!check_runnable(p, thread, error)) return false;
    SimSession& s = *live_->session;
    // The process's line, or its thread's (-1 once gone); a thread that waits stops too.
    bool waits = false;
    auto line_of = [&]() -> int {
        const std::vector<SimProcessView> v = s.processes();
        if (v[p.value].state == SimProcState::exited) return -1;
        if (thread == kAnyThread) return v[p.value].line;
        const SimThreadView* t = thread_of(v[p.value], thread);
        waits = t && t->waiting;
        return t ? t->line : -1;
    };
    const int start = line_of();
    uint32_t n = 0;
    for (;;) {
        s.step(p, 1, true, thread);
        settle();
        ++n;
        if (s.finished() || n >= kLineStepCap || line_of() != start || waits) break;
        const std::vector<ProcId> can = s.runnable();
        if (std::find(can.begin(), can.end(), p) == can.end()) break;  // blocked or exited
    }
    live_->last_proc = p.value;
    choices_.push_back(StepChoice{StepChoice::line, p.value, n, thread});
    return true;
}

bool Stepper::apply(const StepChoice& c, std::string* error) {
    switch (c.kind) {
        case StepChoice::visible: return visible_choice(c, error);
        case StepChoice::instructions: return step_instructions(ProcId{c.proc}, c.count, error, c.thread);
        case StepChoice::line:  // as many instructions as it took, even where a line repeats
            if (!check_runnable(ProcId{c.proc}, c.thread, error)) return false;
            take(c);
            choices_.push_back(c);
            return true;
        case StepChoice::to_end: run_to_end(); return true;
    }
    return false;
}

bool Stepper::apply(const ScheduleStep& st, std::string* error) {
    return st.instructions ? step_instructions(ProcId{st.proc}, st.count, error, st.thread)
                           : visible_choice(StepChoice{StepChoice::visible, st.proc, st.count, st.thread, true}, error);
}

bool Stepper::back(std::string* error) {
    if (choices_.empty()) {
        *error = "already at the start (step 0)";
        return false;
    }
    return back_to(choices_.size() - 1, error);
}

bool Stepper::back_to(size_t k, std::string* error) {
    if (k > choices_.size()) {
        *error = "there is no step " + std::to_string(k) + " yet (now at step " +
                 std::to_string(choices_.size()) + ")";
        return false;
    }
    if (k == choices_.size()) return true;
    choices_.resize(k);
    ++generation_;
    fresh_session();
    for (const StepChoice& c : choices_) take(c);
    return true;
}

void Stepper::run_to_end() {
    if (finished()) return;
    const StepChoice c{StepChoice::to_end, 0, 0};
    take(c);
    choices_.push_back(c);
}

std::string Stepper::schedule() const {
    return live_->result ? live_->result->schedule : live_->session->schedule();
}

bool Stepper::finished() const { return live_->result.has_value(); }

std::vector<ProcId> Stepper::runnable() const { return live_->session->runnable(); }

std::vector<StepperProcess> Stepper::processes() const {
    const std::vector<ProcId> can = runnable();
    std::vector<StepperProcess> out;
    for (SimProcessView& v : live_->session->processes()) {
        StepperProcess p;
        static_cast<SimProcessView&>(p) = std::move(v);
        p.runnable = std::find(can.begin(), can.end(), p.id) != can.end();
        if (p.state == SimProcState::running || p.state == SimProcState::ready)
            p.state = p.runnable && p.id.value == live_->last_proc ? SimProcState::running
                                                                  : SimProcState::ready;
        out.push_back(std::move(p));
    }
    return out;
}

const std::vector<StepOutput>& Stepper::output() const { return live_->output; }

static std::string joined(const std::vector<StepOutput>& chunks, Stream s) {
    std::string t;
    for (const StepOutput& c : chunks)
        if (c.stream == s) t += c.text;
    return t;
}
std::string Stepper::out() const { return joined(live_->output, Stream::out); }
std::string Stepper::err() const { return joined(live_->output, Stream::err); }

const RunResult* Stepper::result() const { return live_->result ? &*live_->result : nullptr; }

const SimSession& Stepper::session() const { return *live_->session; }

const Trace& Stepper::trace() const {
    return live_->result ? live_->result->trace : live_->session->trace();
}

std::string_view Stepper::source_line(int line) const {
    std::string_view s = request_.source;
    for (int i = 1; i < line; ++i) {
        const size_t nl = s.find('\n');
        if (nl == std::string_view::npos) return {};
        s.remove_prefix(nl + 1);
    }
    if (line < 1) return {};
    const size_t nl = s.find('\n');
    return nl == std::string_view::npos ? s : s.substr(0, nl);
}

}  // namespace forklab
