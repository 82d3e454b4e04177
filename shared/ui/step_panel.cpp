// The viewer's Step mode (ui/step_panel.h).
#include "ui/step_panel.h"

#include "ui/output_view.h"
#include "ui/ui_text.h"

#include <algorithm>
#include <cstdio>

#include "imgui.h"

namespace forklab::ui {

static const ImVec4 kStepRed(1.0f, 0.42f, 0.42f, 1.0f);
static const ImVec4 kStepGreen(0.45f, 0.9f, 0.45f, 1.0f);

static bool same_choice(const StepChoice& a, const StepChoice& b) {
    return a.kind == b.kind && a.proc == b.proc && a.count == b.count && a.thread == b.thread;
}

bool StepPanel::open(const RunRequest& request, const std::string& schedule, std::string* error) {
    std::vector<ScheduleStep> steps;
    if (!parse_schedule(schedule, &steps, error)) return false;
    stepper_ = std::make_unique<Stepper>(request);
    for (const ScheduleStep& st : steps) {
        if (!stepper_->apply(st, error)) {
            *error = "step " + std::to_string(stepper_->step_count() + 1) + " of the schedule: " + *error;
            stepper_.reset();
            return false;
        }
    }
    path_ = stepper_->choices();
    error_.clear();
    generation_ = UINT64_MAX;
    refresh();
    return true;
}

void StepPanel::close() {
    stepper_.reset();
    path_.clear();
    lanes_.reset();
    highlight_line_ = 0;
}

void StepPanel::refresh() {
    if (generation_ != stepper_->generation()) {
        generation_ = stepper_->generation();
        lanes_.reset();
        overlays_.reset();  // a fresh session's trace may reuse the old one's address
    }
    lanes_.update(stepper_->trace());
    overlays_.update(stepper_->trace());
    timeline_.set_overlays(&overlays_);
    timeline_.fit();
}

// Takes the next step of `proc` (or of its thread `thread`: a thread step) at the chosen
// granularity; the undone steps ahead are kept while the step is the one they begin with.
void StepPanel::choose(uint32_t proc, uint32_t thread) {
    const size_t at = stepper_->step_count();
    bool ok = false;
    switch (grain_) {
        case Grain::visible: ok = stepper_->step_visible(ProcId{proc}, &error_, 1, thread); break;
        case Grain::instruction:
            ok = stepper_->step_instructions(ProcId{proc}, (uint32_t)std::max(1, instructions_), &error_, thread);
            break;
        case Grain::line: ok = stepper_->step_line(ProcId{proc}, &error_, thread); break;
    }
    if (!ok) return;
    error_.clear();
    const StepChoice& c = stepper_->choices().back();
    if (at >= path_.size() || !same_choice(path_[at], c)) {
        path_.resize(at);
        path_.push_back(c);
    }
    refresh();
}

StepCommandOutcome StepPanel::command(std::string_view line) {
    if (!stepper_) return {StepAction::error, "Step mode is not open"};
    const size_t at = stepper_->step_count();
    StepCommandOutcome o = run_step_command(*stepper_, line);
    if (o.action == StepAction::error) {
        error_ = o.error;
    } else if (o.action == StepAction::stepped) {
        const std::vector<StepChoice>& taken = stepper_->choices();
        if (taken.size() == at + 1 && (at >= path_.size() || !same_choice(path_[at], taken.back()))) {
            path_.resize(at);
            path_.push_back(taken.back());
        }
        error_.clear();
        refresh();
    }
    return o;
}

void StepPanel::go_to(size_t k) {
    k = std::min(k, path_.size());
    if (k < stepper_->step_count()) {
        if (!stepper_->back_to(k, &error_)) return;
    } else {
        while (stepper_->step_count() < k) {
            if (!stepper_->apply(path_[stepper_->step_count()], &error_)) {
                path_.resize(stepper_->step_count());
                break;
            }
        }
    }
    error_.clear();
    refresh();
}

// A process with several threads: one button per thread, on a row of its own. Each takes a
// thread step (exec/sim_schedule.h) while the process may take a step at all.
void StepPanel::draw_thread_buttons(const StepperProcess& p) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("%u %s %s", p.id.value, p.name.c_str(), tr(Text::threads_of));
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    char label[192];
    for (const SimThreadView& t : p.threads) {
        const std::string choice = std::to_string(p.id.value) + "." + std::to_string(t.number);
        if (t.line <= 0) std::snprintf(label, sizeof label, tr(Text::thread_starting), choice.c_str(), t.name.c_str());
        else
            std::snprintf(label, sizeof label,
                          tr(t.waiting ? Text::thread_waiting : t.holds_gil ? Text::thread_gil : Text::thread_line),
                          choice.c_str(), t.name.c_str(), t.line);
        const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        ImGui::PushID((int)(p.id.value * 4096 + t.number + 1) ^ 0x5a5a0000);
        ImGui::BeginDisabled(!p.runnable);
        if (ImGui::Button(label)) choose(p.id.value, t.number);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            hovered_line_ = t.line;
            if (t.waiting) ImGui::SetTooltip(tr(Text::thread_waits_tip), t.name.c_str(), t.waits_in.c_str());
            else if (p.runnable) ImGui::SetTooltip(tr(Text::thread_tip), t.name.c_str());
        }
        ImGui::PopID();
    }
}

void StepPanel::draw_controls() {
    Stepper& s = *stepper_;
    // Granularity of the next step.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(Text::step_by));
    ImGui::SameLine();
    if (ImGui::RadioButton(tr(Text::grain_visible), grain_ == Grain::visible)) grain_ = Grain::visible;
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", tr(Text::grain_visible_tip));
    ImGui::SameLine();
    if (ImGui::RadioButton(tr(Text::grain_instructions), grain_ == Grain::instruction)) grain_ = Grain::instruction;
    ImGui::SameLine();
    ImGui::BeginDisabled(grain_ != Grain::instruction);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::InputInt("##instructions", &instructions_)) instructions_ = std::clamp(instructions_, 1, 1000000);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::RadioButton(tr(Text::grain_line), grain_ == Grain::line)) grain_ = Grain::line;

    // One button per process: the runnable ones take the next step.
    hovered_ = -1;
    hovered_line_ = 0;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    bool first = true;
    char label[192];
    for (const StepperProcess& p : s.processes()) {
        if (p.state == SimProcState::exited)
            std::snprintf(label, sizeof label, tr(Text::proc_exited), p.id.value, p.name.c_str(), p.exit_code);
        else if (p.runnable && p.line <= 0)  // started, has not run an instruction yet
            std::snprintf(label, sizeof label, tr(Text::proc_starting), p.id.value, p.name.c_str());
        else if (p.runnable)
            std::snprintf(label, sizeof label, tr(Text::proc_line), p.id.value, p.name.c_str(), p.line);
        else
            std::snprintf(label, sizeof label, tr(Text::proc_blocked), p.id.value, p.name.c_str(), p.line);
        const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2;
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        first = false;
        ImGui::PushID((int)p.id.value);
        ImGui::BeginDisabled(!p.runnable);
        if (ImGui::Button(label)) choose(p.id.value);
        ImGui::EndDisabled();
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
            if (p.state != SimProcState::exited) hovered_ = (int)p.id.value;
            if (!p.waiting_for.empty()) ImGui::SetTooltip("%s", p.waiting_for.c_str());
            else if (p.runnable) ImGui::SetTooltip(tr(Text::takes_next), p.name.c_str());
        }
        ImGui::PopID();
    }
    for (const StepperProcess& p : s.processes())
        if (p.state != SimProcState::exited && p.threads.size() > 1) draw_thread_buttons(p);

    // Back, the step slider, run to the end.
    ImGui::BeginDisabled(s.step_count() == 0);
    if (ImGui::Button(tr(Text::back))) go_to(s.step_count() - 1);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(Text::back_tip));
    ImGui::SameLine();
    int k = (int)s.step_count();
    ImGui::SetNextItemWidth(std::max(80.0f, ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 16));
    ImGui::BeginDisabled(path_.empty());
    if (ImGui::SliderInt("##step", &k, 0, (int)path_.size(), tr(Text::step_slider)) && k != (int)s.step_count())
        go_to((size_t)k);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text(tr(Text::of_n), (int)path_.size());
    ImGui::SameLine();
    ImGui::BeginDisabled(s.finished());
    if (ImGui::Button(tr(Text::run_to_end))) {
        const size_t at = s.step_count();
        s.run_to_end();
        path_.resize(at);
        path_.push_back(s.choices().back());
        refresh();
    }
    ImGui::EndDisabled();

    // The schedule, replayable with `forklab run --schedule`.
    const std::string sched = s.schedule();
    if (ImGui::Button(tr(Text::copy))) ImGui::SetClipboardText(sched.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Text::copy_tip));
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr(Text::schedule));
    ImGui::SameLine();
    ImGui::TextWrapped("%s", sched.empty() ? tr(Text::empty) : sched.c_str());

    if (!error_.empty()) ImGui::TextColored(kStepRed, "%s", error_.c_str());
    if (const RunResult* r = s.result()) {
        ImGui::TextColored(r->exit_status == 0 ? kStepGreen : kStepRed,
                           tr(Text::run_ended), r->exit_status);
        for (const Diagnostic& d : r->diagnostics)
            ImGui::TextColored(kStepRed, "%s: %s", d.kind.c_str(), d.message.c_str());
    }

    // The chosen process: the one under the mouse, else the last to step.
    int chosen = hovered_;
    if (chosen < 0 && !s.choices().empty() && s.choices().back().kind != StepChoice::to_end)
        chosen = (int)s.choices().back().proc;
    if (chosen < 0) chosen = 0;
    highlight_line_ = 0;
    for (const StepperProcess& p : s.processes())
        if ((int)p.id.value == chosen && p.state != SimProcState::exited) highlight_line_ = p.line;
    if (hovered_line_ > 0) highlight_line_ = hovered_line_;  // a thread's button
}

void StepPanel::draw() {
    if (!stepper_) return;
    draw_controls();
    ImGui::Separator();
    if (lanes_.lanes().empty()) {
        ImGui::TextDisabled("%s", tr(Text::take_step));
        return;
    }
    const Trace& t = stepper_->trace();
    timeline_.draw(lanes_.lanes(), lanes_.end_time(), t.time_unit, &t, !stepper_->finished());
}

void StepPanel::draw_output() {
    if (!stepper_) return;
    if (stepper_->output().empty()) ImGui::TextDisabled("%s", tr(Text::step_output_empty));
    // Coloured by process, as the run's own output is (ui/output_view.h).
    std::vector<OutputChunk> chunks;
    for (const StepOutput& c : stepper_->output()) append_output(chunks, c.proc, c.stream, c.text);
    ui::draw_output(chunks, stepper_->trace().processes);
}

}  // namespace forklab::ui
