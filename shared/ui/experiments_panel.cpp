#include "ui/experiments_panel.h"

#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "ui/plot_view.h"
#include "ui/run_results.h"
#include "ui/ui_text.h"

namespace forklab::ui {

namespace {

// Small scenarios only: the tab is for the course's few-step races, and a bigger program
// stops at these budgets with what was found (the summary says so).
ExploreLimits tab_limits() {
    ExploreLimits l;
    l.max_executions = 300'000;
    l.max_seconds = 30;
    return l;
}

const ImVec4 kRed(1.0f, 0.42f, 0.42f, 1.0f);

// One line that tells an outcome apart: its ending, its output and the shared values.
std::string outcome_text(const Outcome& o) {
    char head[96];
    switch (o.ending) {
        case Ending::exit: std::snprintf(head, sizeof head, tr(Text::outcome_exit), o.exit_status); break;
        case Ending::deadlock: std::snprintf(head, sizeof head, "%s", tr(Text::outcome_deadlock)); break;
        case Ending::step_limit: std::snprintf(head, sizeof head, "%s", tr(Text::outcome_cut)); break;
        case Ending::error: std::snprintf(head, sizeof head, "%s", tr(Text::outcome_error)); break;
    }
    std::string t = head;
    std::string out = o.out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    for (char& c : out)
        if (c == '\n') c = '|';
    if (!out.empty()) t += "  \"" + (out.size() > 120 ? out.substr(0, 117) + "..." : out) + "\"";
    const std::string shared = format_shared(o.shared);
    if (!shared.empty()) t += "  " + shared;
    return t;
}

}  // namespace

ExperimentsPanel::ExperimentsPanel() : cores_{1, 2, 4, 8} {}

ExperimentsPanel::~ExperimentsPanel() = default;

void ExperimentsPanel::clear() {
    search_.reset();
    explored_.reset();
    explore_error_.clear();
    sim_.reset();
    next_core_ = cores_.size();
    ticks_.clear();
    speedup_error_.clear();
    plot_ = BenchPlot{};
}

bool ExperimentsPanel::busy() const { return search_ != nullptr || sim_ != nullptr; }

const ExploreResult* ExperimentsPanel::exploration() const { return explored_.get(); }

void ExperimentsPanel::start_exploration(const RunRequest& scenario) {
    if (search_) return;
    explored_.reset();
    explore_error_.clear();
    RunRequest r = scenario;
    r.trace = false;
    ExploreOptions o;
    o.limits = tab_limits();
    cancel_ = false;
    o.cancel = &cancel_;
    search_ = std::make_unique<ExploreSearch>(r, o);
}

void ExperimentsPanel::start_speedup(const RunRequest& scenario) {
    if (sim_) return;
    speedup_request_ = scenario;
    speedup_request_.backend = Backend::sim;
    speedup_request_.trace = false;  // only the virtual time is needed
    ticks_.clear();
    speedup_error_.clear();
    plot_ = BenchPlot{};
    next_core_ = 0;
    speedup_request_.cores = cores_[0];
    sim_ = std::make_unique<SimSession>(speedup_request_, nullptr);
}

void ExperimentsPanel::finish_speedup_run() {
    RunResult r = sim_->take_result();
    sim_.reset();
    if (!r.diagnostics.empty() || r.exit_status != 0) {
        speedup_error_ = r.diagnostics.empty() ? "exit status " + std::to_string(r.exit_status)
                                               : r.diagnostics[0].kind + ": " + r.diagnostics[0].message;
        next_core_ = cores_.size();
        return;
    }
    ticks_.push_back((double)r.virtual_ticks);
    if (++next_core_ < cores_.size()) {
        speedup_request_.cores = cores_[next_core_];
        sim_ = std::make_unique<SimSession>(speedup_request_, nullptr);
        return;
    }
    // All four done: the plot, with the Amdahl curve through the fitted fraction.
    plot_.id = "speedup";  // plot_view draws the ideal y = x line for this id
    plot_.title = tr(Text::speedup_title);
    plot_.x_label = tr(Text::speedup_x);
    plot_.y_label = tr(Text::speedup_y);
    PlotSeries measured{tr(Text::speedup_measured), {}};
    std::vector<double> n, s;
    for (size_t i = 0; i < ticks_.size(); ++i) {
        const double sp = ticks_[i] > 0 ? ticks_[0] / ticks_[i] : 0;
        measured.points.push_back({(double)cores_[i], sp});
        n.push_back(cores_[i]);
        s.push_back(sp);
    }
    const double p = amdahl_fraction(n, s);
    char name[64];
    std::snprintf(name, sizeof name, tr(Text::amdahl), p);
    PlotSeries amdahl{name, {}};
    for (int c = 1; c <= cores_.back(); ++c) amdahl.points.push_back({(double)c, amdahl_speedup(p, c)});
    plot_.series = {std::move(measured), std::move(amdahl)};
}

void ExperimentsPanel::advance(uint64_t budget) {
    // A few milliseconds a frame: the page keeps its frame rate while the search goes on.
    constexpr double kSliceSeconds = 0.008;
    if (search_ && search_->advance(kSliceSeconds)) {
        explored_ = std::make_unique<ExploreResult>(search_->result());
        search_.reset();
        if (!explored_->errors.empty()) explore_error_ = explored_->errors[0].message;
    }
    if (sim_) {
        sim_->advance(budget);
        if (sim_->finished()) finish_speedup_run();
    }
}

void ExperimentsPanel::draw(const RunRequest& scenario,
                            const std::function<void(const std::string&)>& open_steps) {
    // [SECTION] outcomes
    ImGui::BeginDisabled(search_ != nullptr);
    if (ImGui::Button(tr(Text::what_else))) start_exploration(scenario);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(Text::what_else_tip));
    if (search_) {
        const ExploreProgress p = search_->progress();
        ImGui::SameLine();
        char label[128];
        std::snprintf(label, sizeof label, tr(Text::exploring), (unsigned long long)p.executions,
                      (unsigned long long)p.outcomes);
        ImGui::ProgressBar((float)p.fraction, ImVec2(ImGui::GetFontSize() * 22, 0), label);
        ImGui::SameLine();
        if (ImGui::SmallButton(tr(Text::cancel))) cancel_ = true;
    }
    if (!explore_error_.empty()) ImGui::TextColored(kRed, "%s", explore_error_.c_str());
    if (explored_ && explored_->errors.empty()) {
        const ExploreResult& r = *explored_;
        if (r.complete)
            ImGui::TextDisabled(tr(Text::explored_all), (unsigned long long)r.schedules, r.seconds);
        else
            ImGui::TextDisabled(tr(Text::explored_some), (unsigned long long)r.schedules,
                                (unsigned long long)r.at_least, r.stopped_by.c_str());
        if (r.loops) ImGui::TextWrapped("%s", tr(Text::explored_loops_note));
        uint64_t most = 1;
        for (const Outcome& o : r.outcomes) most = std::max(most, o.count);
        if (ImGui::BeginTable("##outcomes", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                                   ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn(tr(Text::outcomes), ImGuiTableColumnFlags_WidthStretch, 3.0f);
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.5f);
            ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed);
            ImGui::TableHeadersRow();
            int i = 0;
            for (const Outcome& o : r.outcomes) {
                ImGui::PushID(i++);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const std::string text = outcome_text(o);
                if (o.ending == Ending::exit && o.exit_status == 0) ImGui::TextWrapped("%s", text.c_str());
                else ImGui::TextColored(kRed, "%s", text.c_str());
                if (!o.message.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", o.message.c_str());
                ImGui::TableNextColumn();
                char count[64];
                std::snprintf(count, sizeof count, tr(Text::schedules), (unsigned long long)o.count);
                ImGui::ProgressBar((float)((double)o.count / (double)most), ImVec2(-1, 0), count);
                ImGui::TableNextColumn();
                if (ImGui::SmallButton(tr(Text::open_witness))) open_steps(o.witness);
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s\n%s", tr(Text::open_witness_tip), o.witness.c_str());
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
    }
    ImGui::Separator();

    // [SECTION] speed-up vs cores
    ImGui::BeginDisabled(sim_ != nullptr);
    if (ImGui::Button(tr(Text::speedup))) start_speedup(scenario);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(Text::speedup_tip));
    if (sim_) {
        ImGui::SameLine();
        ImGui::TextDisabled(tr(Text::speedup_running), cores_[next_core_]);
    }
    if (!speedup_error_.empty()) ImGui::TextColored(kRed, "%s", speedup_error_.c_str());
    if (!plot_.series.empty()) {
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        draw_plot(plot_, ImVec2(std::min(avail.x, 640.0f), std::max(160.0f, std::min(avail.y, 320.0f))));
    }
}

}  // namespace forklab::ui
