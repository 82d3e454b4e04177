// The viewer: one window that fills the viewport.
//
//   [SECTION] scenario and live output      default scenario, the sink that collects output
//   [SECTION] runs                          start, advance (sim per frame / background poll), finish
//   [SECTION] panels                        toolbar, code, timeline, result + output
//                                           (Step mode: ui/step_panel.h takes the last two)
//   [SECTION] Viewer                        the public API forwarding to Impl
//
// Layout: toolbar on top; below it the code on the left and, on the right, the timeline over
// the result and output. The two splitters are plain InvisibleButtons dragged with the mouse.
#include "ui/viewer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "exec/runners.h"
#include "imgui.h"
#include "trace/lanes.h"
#include "trace/trace_state.h"
#include "catalogue/catalogue.h"
#include "exec/sim_inspect.h"
#include "ui/code_highlight.h"
#include "ui/experiments_panel.h"
#include "ui/inspector_panel.h"
#include "ui/output_view.h"
#include "ui/results_panel.h"
#include "ui/run_summary.h"
#include "ui/step_panel.h"
#include "ui/timeline_view.h"
#include "ui/trace_inspector_panel.h"
#include "ui/ui_text.h"

namespace forklab::ui {

// [SECTION] scenario and live output ------------------------------------------------------

// The course's lost-update race (web/scenarios/race.py): what the viewer shows before
// anything is loaded.
static std::string default_scenario() {
    const CatalogueScenario* race = find_scenario("race");
    return race ? race->source : std::string();
}

// Output as it happens, in order, stdout and stderr interleaved as written, by process.
class LiveOutput final : public OutputSink {
public:
    using Chunk = OutputChunk;
    void write(ProcId proc, Stream stream, std::string_view text) override {
        std::lock_guard<std::mutex> lock(mutex_);
        append_output(chunks_, proc, stream, text);
    }
    void clear() {
        std::lock_guard<std::mutex> lock(mutex_);
        chunks_.clear();
    }
    std::vector<Chunk> snapshot() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return chunks_;
    }
    bool empty() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return chunks_.empty();
    }

private:
    mutable std::mutex mutex_;
    std::vector<Chunk> chunks_;
};

static int string_resize_callback(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize((size_t)data->BufTextLen);
        data->Buf = s->data();
    }
    return 0;
}

static const ImVec4 kRed(1.0f, 0.42f, 0.42f, 1.0f);
static const ImVec4 kGreen(0.45f, 0.9f, 0.45f, 1.0f);
static const ImVec4 kAmber(1.0f, 0.72f, 0.3f, 1.0f);
// Opaque and found nowhere else, so the GUI smoke test can find the stepped line by colour.
static const ImU32 kStepMarker = IM_COL32(255, 200, 0, 255);

using Clock = std::chrono::steady_clock;

// Instructions the simulator runs per frame: slow shows a run unfold at a pace a student can
// follow (the race's increments one by one), fast gets it over with.
enum class Speed { slow, normal, fast };
static uint64_t speed_budget(Speed s, uint64_t fast) {
    switch (s) {
        case Speed::slow: return 200;
        case Speed::normal: return 20'000;
        case Speed::fast: return fast;
    }
    return fast;
}
static Text speed_text(Speed s) {
    return s == Speed::slow ? Text::speed_slow : s == Speed::normal ? Text::speed_normal : Text::speed_fast;
}

struct Viewer::Impl {
    ViewerConfig config;
    std::string filename = "race.py";
    std::string source = default_scenario();
    Backend backend = Backend::sim;
    uint64_t seed = 1;
    int cores = kDefaultSimCores;

    // The live run, if any.
    enum class Phase { idle, sim, background } phase = Phase::idle;
    std::unique_ptr<SimSession> session;
    LiveOutput live;
    RunRequest request;  // of the live or last run
    Clock::time_point started{};
    uint64_t frames_advanced = 0;
    uint64_t instructions_advanced = 0;  // budgets given to the live sim run so far
    std::function<void(const RunResult&)> on_done;

    // The last finished run.
    std::optional<RunResult> result;
    std::string trace_title;  // non-empty: `result` is a trace file shown, not a run
    double elapsed_ms = 0;
    bool stopped = false;
    std::vector<CounterLine> counters;
    std::set<int> error_lines;

    std::optional<SimInspection> final_state;  // of the last sim run, taken as it finished
    ResultsPanel results;
    ExperimentsPanel experiments;  // outcome histogram, speed-up vs cores
    Speed speed = Speed::fast;
    bool paused = false;
    enum class Tab { output, results, inspector, experiments } tab = Tab::output;
    bool select_tab = false;  // the page API or a shortcut chose `tab`: select it once
    std::vector<OutputChunk> result_output;  // a finished background run's or trace's output
    // The Inspector of a run known from its trace: the index is built the first time the tab
    // shows it, the moment is recomputed only when the cursor moves.
    TraceStateIndex trace_index;
    std::optional<TraceMoment> moment;
    std::optional<uint64_t> moment_cursor;
    // A trace without source puts this note in the editor; while the code is still the note,
    // it follows the language switch.
    std::string trace_note;
    Lang trace_note_lang = Lang::en;

    lanes::LaneBuilder lane_builder;
    TimelineOverlays overlays;  // lock bars, GIL strips, message arrows (set on `timeline`)
    TimelineView timeline;
    StepPanel step_panel;      // Step mode (sim only): replaces the timeline and the output
    std::string step_problem;  // why Step mode could not open

    // Layout, in pixels; -1 = derive from the window on the first frame.
    float code_w = -1;
    float timeline_h = -1;

    uint64_t budget() const {
        return speed_budget(speed, config.sim_budget_per_frame ? config.sim_budget_per_frame : 3'000'000);
    }
    bool running() const { return phase != Phase::idle; }

    bool backend_available(Backend b, std::string* why) const {
        if (b == Backend::sim) return true;
        if (!config.runner) {
            if (why) *why = "this build runs the simulator only";
            return false;
        }
        return config.runner->available(b, why);
    }

    // [SECTION] runs --------------------------------------------------------------------

    void start(std::function<void(const RunResult&)> done) {
        if (running()) return;
        step_panel.close();
        on_done = std::move(done);
        request = RunRequest{};
        request.source = source;
        request.filename = filename;
        request.backend = backend;
        request.seed = seed;
        request.cores = cores;
        request.trace = true;
        request.lang = ui_language();  // the sim explains deadlocks in the viewer's language
        request.limits = config.limits;
        live.clear();
        result.reset();
        final_state.reset();
        results.clear();
        result_output.clear();
        paused = false;
        trace_title.clear();
        counters.clear();
        error_lines.clear();
        stopped = false;
        lane_builder.reset();
        overlays.reset();
        forget_moment();
        timeline.fit();
        frames_advanced = 0;
        instructions_advanced = 0;
        started = Clock::now();

        std::string why;
        if (backend == Backend::sim) {
            session = std::make_unique<SimSession>(request, &live);
            phase = Phase::sim;
        } else if (backend_available(backend, &why)) {
            config.runner->start(request);
            phase = Phase::background;
        } else {
            RunResult r;
            r.exit_status = 2;
            r.diagnostics.push_back(Diagnostic{"Unavailable", filename, 0, 0,
                                               std::string(backend_name(backend)) + ": " + why});
            finish(std::move(r));
        }
    }

    void show_trace(Trace t, std::string title) {
        if (phase == Phase::background) return;  // a background run cannot be interrupted
        if (phase == Phase::sim) stop();
        RunResult r;
        for (const TraceEvent& e : t.events) {
            const std::string* text = t.text_of(e);
            if (!text) continue;
            if (e.kind == EventKind::stdout_write) r.out += *text;
            else if (e.kind == EventKind::stderr_write) r.err += *text;
        }
        if (!t.processes.empty() && t.processes[0].exited) r.exit_status = t.processes[0].exitcode;
        request = RunRequest{};
        backend_from_name(t.backend, &request.backend);
        if (backend_available(request.backend, nullptr)) backend = request.backend;
        r.trace = std::move(t);
        live.clear();
        final_state.reset();
        counters.clear();
        error_lines.clear();
        stopped = false;
        timeline.fit();
        started = Clock::now();
        on_done = {};
        finish(std::move(r));
        trace_title = std::move(title);
        show_trace_source();
    }

    // The editor shows the code the trace was recorded from, or a note that it has none:
    // never the code that was there before, which would read as the trace's.
    void show_trace_source() {
        if (const std::optional<TraceScenario>& sc = result->trace.scenario) {
            filename = sc->file;
            source = sc->source;
            trace_note.clear();
        } else {
            filename = trace_title;
            source = trace_note = no_source_note();
            trace_note_lang = ui_language();
        }
        experiments.clear();  // its outcomes were of the code before
        error_lines.clear();
    }
    std::string no_source_note() const {
        const char* format = tr(Text::trace_no_source);
        std::string note(std::strlen(format) + trace_title.size() + 1, '\0');
        const int n = std::snprintf(note.data(), note.size(), format, trace_title.c_str());
        note.resize(n > 0 ? std::min((size_t)n, note.size() - 1) : 0);
        return note;
    }

    void forget_moment() {
        trace_index.clear();
        moment.reset();
        moment_cursor.reset();
        timeline.clear_cursor();
    }

    void open_steps(const std::string& schedule) {
        if (running()) return;
        RunRequest r;
        r.source = source;
        r.filename = filename;
        r.seed = seed;
        r.cores = cores;
        r.lang = ui_language();
        r.limits = config.limits;
        step_problem.clear();
        if (!step_panel.open(r, schedule, &step_problem)) return;
        stopped = false;
        result.reset();
        live.clear();
    }

    void stop() {
        if (phase != Phase::sim) return;  // a background run cannot be interrupted
        session.reset();
        phase = Phase::idle;
        stopped = true;
        elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    }

    // The current code and settings, as the Experiments tab runs them (on the simulator).
    RunRequest scenario_request() const {
        RunRequest r;
        r.source = source;
        r.filename = filename;
        r.backend = Backend::sim;
        r.seed = seed;
        r.cores = cores;
        r.lang = ui_language();
        r.limits = config.limits;
        return r;
    }

    // Called every frame before drawing.
    void advance() {
        experiments.advance(config.sim_budget_per_frame ? config.sim_budget_per_frame : 3'000'000);
        if (phase == Phase::sim) {
            if (paused) return;
            session->advance(budget());
            ++frames_advanced;
            instructions_advanced += budget();
            lane_builder.update(session->trace());
            overlays.update(session->trace());
            if (session->finished()) {
                final_state = session->inspect(InspectOptions{});
                RunResult r = session->take_result();
                session.reset();
                finish(std::move(r));
            }
        } else if (phase == Phase::background) {
            RunResult r;
            if (config.runner->poll(&r)) finish(std::move(r));
        }
    }

    void finish(RunResult r) {
        phase = Phase::idle;
        elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
        result = std::move(r);
        forget_moment();
        lane_builder.reset();
        lane_builder.update(result->trace);
        overlays.reset();
        overlays.update(result->trace);
        counters = parse_counter_lines(result->out);
        results.set_run(*result, final_state ? &*final_state : nullptr);
        result_output = live.empty() ? output_of(result->trace) : std::vector<OutputChunk>{};
        for (const Diagnostic& d : result->diagnostics)
            if (d.line > 0) error_lines.insert(d.line);
        if (on_done) {
            auto done = std::move(on_done);
            on_done = {};
            done(*result);
        }
    }

    // [SECTION] panels -------------------------------------------------------------------

    // Toolbar fields read "backend [sim]", label first, as a form would.
    static void label_before(const char* label) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(label);
        ImGui::SameLine();
    }

    static void tooltip(Text t) {
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr(t));
    }

    // F10 in Step mode: the process that took the last step goes on if it can, else the first
    // that can (as the continuation would pick); after a thread step, that thread while it lives.
    void step_default() {
        const Stepper* st = step_panel.stepper();
        if (!st || st->finished()) return;
        const std::vector<ProcId> can = st->runnable();
        if (can.empty()) return;
        uint32_t p = can.front().value;
        uint32_t thread = kAnyThread;
        if (!st->choices().empty())
            for (ProcId c : can)
                if (c.value == st->choices().back().proc) {
                    p = c.value;
                    for (const SimThreadView& t : st->processes()[p].threads)
                        if (t.number == st->choices().back().thread) thread = t.number;
                }
        step_panel.command(std::to_string(p) + (thread == kAnyThread ? "" : "." + std::to_string(thread)));
    }

    // Back to the start: Step mode goes back to step 0; otherwise the run is forgotten.
    void reset() {
        if (step_panel.is_open()) {
            step_panel.command("b 0");
            return;
        }
        if (phase == Phase::background) return;
        if (phase == Phase::sim) stop();
        result.reset();
        final_state.reset();
        results.clear();
        live.clear();
        counters.clear();
        lane_builder.reset();
        overlays.reset();
        forget_moment();
        stopped = false;
        trace_title.clear();
        timeline.fit();
    }

    // ImGui 1.86 has no names for the function keys: io.KeysDown is indexed by the platform's
    // codes, and both platform layers use imgui_impl_sdl, whose codes are SDL scancodes
    // (native/gui/gui.cpp checks these numbers against SDL's).
    static constexpr int kKeyF5 = 62, kKeyF6 = 63, kKeyF10 = 67;

    void shortcuts() {
        const ImGuiIO& io = ImGui::GetIO();
        auto pressed = [](int index) { return ImGui::IsKeyPressed(index, false); };
        if ((pressed(kKeyF5) || (io.KeyCtrl && pressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))) &&
            !running() && !step_panel.is_open())
            start({});
        if (pressed(kKeyF6) && phase == Phase::sim) paused = !paused;
        if (pressed(kKeyF10)) {
            if (io.KeyShift) {
                if (step_panel.is_open()) step_panel.command("b");
            } else if (step_panel.is_open()) {
                step_default();
            } else if (!running() && backend == Backend::sim) {
                open_steps("");
            }
        }
        if (pressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
            if (phase == Phase::sim) stop();
            else if (step_panel.is_open()) step_panel.close();
        }
    }

    void draw_toolbar() {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted("forklab");
        ImGui::SameLine(0, 16);

        label_before(tr(Text::backend));
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
        ImGui::BeginDisabled(running() || step_panel.is_open());
        if (ImGui::BeginCombo("##backend", backend_name(backend))) {
            for (Backend b : {Backend::sim, Backend::threads, Backend::fork}) {
                std::string why;
                const bool ok = backend_available(b, &why);
                ImGuiSelectableFlags flags = ok ? 0 : ImGuiSelectableFlags_Disabled;
                if (ImGui::Selectable(backend_name(b), b == backend, flags) && ok) backend = b;
                if (!ok && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
                    ImGui::SetTooltip("%s", why.c_str());
            }
            ImGui::EndCombo();
        }
        ImGui::EndDisabled();
        ImGui::SameLine();

        ImGui::BeginDisabled(backend != Backend::sim || running());
        label_before(tr(Text::seed));
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
        ImGui::InputScalar("##seed", ImGuiDataType_U64, &seed);
        if (backend != Backend::sim) tooltip(Text::seed_cores_tip);
        ImGui::SameLine();
        label_before(tr(Text::cores));
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4.5f);
        if (ImGui::InputInt("##cores", &cores)) cores = std::clamp(cores, 1, 64);
        if (backend != Backend::sim) tooltip(Text::seed_cores_tip);
        ImGui::EndDisabled();
        ImGui::SameLine();

        ImGui::BeginDisabled(backend != Backend::sim);
        label_before(tr(Text::speed));
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5.5f);
        if (ImGui::BeginCombo("##speed", tr(speed_text(speed)))) {
            for (Speed sp : {Speed::slow, Speed::normal, Speed::fast})
                if (ImGui::Selectable(tr(speed_text(sp)), sp == speed)) speed = sp;
            ImGui::EndCombo();
        }
        tooltip(Text::speed_tip);
        ImGui::EndDisabled();
        ImGui::SameLine(0, 16);

        if (phase == Phase::sim) {
            if (ImGui::Button(tr(Text::stop))) stop();
            tooltip(Text::stop_tip);
            ImGui::SameLine();
            if (ImGui::Button(tr(paused ? Text::resume : Text::pause))) paused = !paused;
            tooltip(Text::pause_tip);
        } else {
            ImGui::BeginDisabled(running() || step_panel.is_open());
            if (ImGui::Button(tr(Text::run))) start({});
            ImGui::EndDisabled();
            tooltip(Text::run_tip);
            ImGui::SameLine();
            ImGui::BeginDisabled(running() || backend != Backend::sim);
            if (ImGui::Button(tr(step_panel.is_open() ? Text::end_steps : Text::step))) {
                if (step_panel.is_open()) step_panel.close();
                else open_steps("");
            }
            ImGui::EndDisabled();
            tooltip(Text::step_tip);
        }
        ImGui::SameLine();
        ImGui::BeginDisabled(phase == Phase::background);
        if (ImGui::Button(tr(Text::reset))) reset();
        ImGui::EndDisabled();
        tooltip(Text::reset_tip);
        ImGui::SameLine();
        if (ImGui::SmallButton(tr(Text::language)))
            set_ui_language(ui_language() == Lang::es ? Lang::en : Lang::es);
        tooltip(Text::language_tip);
        ImGui::SameLine(0, 16);
        draw_status();
    }

    void draw_status() {
        if (phase == Phase::sim) {
            ImGui::TextColored(kAmber, tr(paused ? Text::status_paused : Text::status_running),
                               (double)instructions_advanced / 1e6,
                               lanes::format_time((double)lane_builder.end_time(), TimeUnit::ticks).c_str());
        } else if (phase == Phase::background) {
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
            ImGui::TextColored(kAmber, tr(Text::status_background), backend_name(request.backend), ms / 1000);
        } else if (stopped) {
            ImGui::TextColored(kAmber, tr(Text::status_stopped), elapsed_ms);
        } else if (result && !trace_title.empty()) {
            ImGui::TextColored(result->exit_status == 0 ? kGreen : kRed,
                               tr(Text::status_trace), trace_title.c_str(),
                               backend_name(request.backend), result->trace.events.size(),
                               result->exit_status);
        } else if (result) {
            ImGui::TextColored(result->exit_status == 0 ? kGreen : kRed,
                               tr(Text::status_finished),
                               backend_name(request.backend), elapsed_ms,
                               (double)result->instructions / 1e6, result->exit_status);
        } else if (step_panel.is_open()) {
            ImGui::TextColored(kAmber, tr(Text::status_step), step_panel.stepper()->step_count());
        } else if (!step_problem.empty()) {
            ImGui::TextColored(kRed, tr(Text::status_step_problem), step_problem.c_str());
        } else {
            ImGui::TextDisabled("%s", tr(Text::status_ready));
        }
    }

    void draw_code(float height) {
        if (!trace_note.empty() && source == trace_note && trace_note_lang != ui_language()) {
            source = trace_note = no_source_note();
            trace_note_lang = ui_language();
        }
        ImGui::BeginChild("##code_panel", ImVec2(code_w, height), true);
        {
            const size_t slash = filename.find_last_of('/');
            ImGui::TextUnformatted(slash == std::string::npos ? filename.c_str() : filename.c_str() + slash + 1);
            if (ImGui::IsItemHovered() && slash != std::string::npos)
                ImGui::SetTooltip("%s", filename.c_str());
        }
        const bool read_only = running() || step_panel.is_open();
        if (read_only) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", tr(running() ? Text::read_only_running : Text::read_only_stepping));
        }
        ImGui::Separator();

        ImGui::BeginChild("##code_scroll", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
        const ImGuiStyle& style = ImGui::GetStyle();
        const float line_h = ImGui::GetTextLineHeight();
        int lines = 1;
        float widest = 0;
        {
            size_t begin = 0;
            for (size_t i = 0; i <= source.size(); ++i) {
                if (i == source.size() || source[i] == '\n') {
                    widest = std::max(widest, ImGui::CalcTextSize(source.data() + begin,
                                                                  source.data() + i).x);
                    if (i < source.size()) ++lines;
                    begin = i + 1;
                }
            }
        }
        char buf[16];
        std::snprintf(buf, sizeof buf, "%d", lines);
        const float gutter_w = ImGui::CalcTextSize(buf).x + ImGui::CalcTextSize("00").x;
        const ImVec2 p = ImGui::GetCursorScreenPos();

        // Line numbers, drawn beside an editor as tall as the text so one scrollbar moves both.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float top = p.y + style.FramePadding.y;
        const float clip_y0 = ImGui::GetWindowPos().y;
        const float clip_y1 = clip_y0 + ImGui::GetWindowHeight();
        const int stepping_line = step_panel.is_open() ? step_panel.highlight_line() : 0;
        for (int ln = 1; ln <= lines; ++ln) {
            const float y = top + line_h * (float)(ln - 1);
            if (y + line_h < clip_y0 || y > clip_y1) continue;
            if (ln == stepping_line) {  // the chosen process's line, with a marker in the gutter
                dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + 4000.0f, y + line_h), IM_COL32(70, 110, 200, 90));
                dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + 5.0f, y + line_h), kStepMarker);
            }
            const bool bad = error_lines.count(ln) != 0;
            if (bad)
                dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + 4000.0f, y + line_h),
                                  IM_COL32(160, 40, 40, 110));
            std::snprintf(buf, sizeof buf, "%d", ln);
            const float w = ImGui::CalcTextSize(buf).x;
            dl->AddText(ImVec2(p.x + gutter_w - w - 6, y),
                        bad ? IM_COL32(255, 120, 120, 255) : ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
        }
        ImGui::Dummy(ImVec2(gutter_w, 1));
        ImGui::SameLine(0, 0);

        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const ImVec2 size(std::max(avail.x, widest + style.FramePadding.x * 2 + line_h * 4),
                          std::max(avail.y, line_h * (float)(lines + 2) + style.FramePadding.y * 2));
        ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_NoHorizontalScroll;
        if (read_only) flags |= ImGuiInputTextFlags_ReadOnly;
        // The input draws the caret and selection; its own text is transparent and
        // draw_python_source() paints the same text in colour on top.
        const ImVec2 text_origin(ImGui::GetCursorScreenPos().x + style.FramePadding.x, top);
        ImGui::PushStyleColor(ImGuiCol_FrameBg, IM_COL32(0, 0, 0, 0));
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 0, 0, 0));
        if (ImGui::InputTextMultiline("##source", source.data(), source.capacity() + 1, size, flags,
                                      string_resize_callback, &source)) {
            error_lines.clear();
            experiments.clear();  // its outcomes were of the code before the edit
        }
        ImGui::PopStyleColor(2);
        draw_python_source(ImGui::GetWindowDrawList(), text_origin, line_h, source, clip_y0, clip_y1);
        ImGui::EndChild();
        ImGui::EndChild();
    }

    void draw_timeline(float height) {
        ImGui::BeginChild("##timeline_panel", ImVec2(0, height), true, ImGuiWindowFlags_NoScrollWithMouse);
        if (step_panel.is_open()) {
            step_panel.draw();
            ImGui::EndChild();
            return;
        }
        const Trace* trace = nullptr;
        if (phase == Phase::sim) trace = &session->trace();
        else if (result) trace = &result->trace;
        if (lane_builder.lanes().empty()) {
            ImGui::TextDisabled("%s", tr(phase == Phase::background ? Text::timeline_after
                                                                    : Text::timeline_empty));
        } else {
            const TimeUnit unit = trace ? trace->time_unit : TimeUnit::ticks;
            timeline.draw(lane_builder.lanes(), lane_builder.end_time(), unit, trace,
                          phase == Phase::sim);
        }
        ImGui::EndChild();
    }

    // The Output tab: the result line(s), diagnostics and the output coloured by process.
    void draw_output_tab() {
        if (result) {
            for (const CounterLine& c : counters) {
                if (c.ok())
                    ImGui::TextColored(kGreen, "%s: expected %lld, got %lld - no lost updates",
                                       c.label.c_str(), (long long)c.expected, (long long)c.actual);
                else
                    ImGui::TextColored(kRed, "%s: expected %lld, got %lld - lost updates: %lld",
                                       c.label.c_str(), (long long)c.expected, (long long)c.actual,
                                       (long long)c.lost());
            }
            ImGui::TextColored(result->exit_status == 0 ? kGreen : kRed, tr(Text::exit_status),
                               result->exit_status);
            // Per-process exit codes, flowing onto as many lines as the panel needs.
            const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
            char buf[160];
            for (const ProcessInfo& p : result->trace.processes) {
                if (p.exited) std::snprintf(buf, sizeof buf, "%s: %d", p.name.c_str(), p.exitcode);
                else std::snprintf(buf, sizeof buf, "%s: -", p.name.c_str());
                ImGui::SameLine(0, 14);
                if (ImGui::GetCursorScreenPos().x + ImGui::CalcTextSize(buf).x > right) ImGui::NewLine();
                const ImVec4 col = !p.exited ? ImGui::GetStyle().Colors[ImGuiCol_TextDisabled]
                                 : p.exitcode == 0 ? ImVec4(0.75f, 0.75f, 0.75f, 1) : kRed;
                ImGui::TextColored(col, "%s", buf);
            }
            for (const Diagnostic& d : result->diagnostics) {
                if (d.line > 0)
                    ImGui::TextColored(kRed, "%s:%d:%d: %s: %s", d.file.c_str(), d.line, d.col,
                                       d.kind.c_str(), d.message.c_str());
                else
                    ImGui::TextColored(kRed, "%s: %s", d.kind.c_str(), d.message.c_str());
            }
            ImGui::Separator();
        }

        ImGui::BeginChild("##output_text", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
        static const std::vector<ProcessInfo> kNoProcesses;
        const std::vector<ProcessInfo>& procs = phase == Phase::sim ? session->trace().processes
                                                : result ? result->trace.processes : kNoProcesses;
        if (!live.empty()) {
            // The live sink also holds a finished sim run's output, in the order written.
            draw_output(live.snapshot(), procs);
        } else if (result && !result_output.empty()) {
            draw_output(result_output, procs);  // a background run or a trace: from its events
        } else if (result) {
            ImGui::TextUnformatted(result->out.data(), result->out.data() + result->out.size());
            if (!result->err.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, kRed);
                ImGui::TextUnformatted(result->err.data(), result->err.data() + result->err.size());
                ImGui::PopStyleColor();
            }
        } else {
            ImGui::TextDisabled("%s", tr(Text::no_output));
        }
        if (running() && ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 4) ImGui::SetScrollHereY(1.0f);
        ImGui::EndChild();
    }

    // The Inspector tab: the live sim run's state, Step mode's at the current step, the last
    // sim run's final state; for a run known from its trace (fork, threads, a trace file) or
    // a moment picked on the timeline, what the trace says at that moment (trace_state.h).
    void draw_inspector_tab() {
        ImGui::BeginChild("##inspector", ImVec2(0, 0), false);
        if (step_panel.is_open()) {
            draw_inspector(inspect(step_panel.stepper()->session()));
        } else if (phase == Phase::sim) {
            draw_inspector(inspect(*session));
        } else if (phase == Phase::background) {
            ImGui::TextDisabled("%s", tr(Text::inspector_after_run));
        } else if (final_state && result && !timeline.cursor()) {
            draw_inspector(*final_state);
        } else if (result) {
            draw_trace_inspector(trace_moment(), result->trace, timeline.cursor().has_value());
        } else {
            ImGui::TextDisabled("%s", tr(Text::no_run));
        }
        ImGui::EndChild();
    }

    // The finished run's state at the timeline's cursor, or at its end.
    const TraceMoment& trace_moment() {
        if (!trace_index.built()) trace_index.build(result->trace);
        if (!moment || moment_cursor != timeline.cursor()) {
            moment_cursor = timeline.cursor();
            moment = trace_index.at(result->trace, lane_builder.lanes(),
                                    moment_cursor ? *moment_cursor : UINT64_MAX);
        }
        return *moment;
    }

    bool tab_item(Text label, Tab which) {
        char id[96];
        std::snprintf(id, sizeof id, "%s###tab%d", tr(label), (int)which);
        const ImGuiTabItemFlags flags = select_tab && tab == which ? ImGuiTabItemFlags_SetSelected : 0;
        if (!ImGui::BeginTabItem(id, nullptr, flags)) return false;
        if (!select_tab) tab = which;
        return true;
    }

    void draw_result_and_output() {
        ImGui::BeginChild("##output_panel", ImVec2(0, 0), true);
        if (ImGui::BeginTabBar("##lower_tabs")) {
            if (tab_item(Text::tab_output, Tab::output)) {
                if (step_panel.is_open()) step_panel.draw_output();
                else draw_output_tab();
                ImGui::EndTabItem();
            }
            if (!step_panel.is_open() && tab_item(Text::tab_results, Tab::results)) {
                ImGui::BeginChild("##results", ImVec2(0, 0), false);
                if (result) results.draw(*result);
                else ImGui::TextDisabled("%s", tr(Text::no_run));
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            if (tab_item(Text::tab_inspector, Tab::inspector)) {
                draw_inspector_tab();
                ImGui::EndTabItem();
            }
            if (!step_panel.is_open() && tab_item(Text::tab_experiments, Tab::experiments)) {
                ImGui::BeginChild("##experiments", ImVec2(0, 0), false);
                experiments.draw(scenario_request(), [this](const std::string& witness) {
                    open_steps(witness);
                    if (step_panel.is_open()) {
                        tab = Tab::output;
                        select_tab = true;
                    }
                });
                ImGui::EndChild();
                ImGui::EndTabItem();
            }
            ImGui::EndTabBar();
        }
        select_tab = false;
        ImGui::EndChild();
    }

    // Draggable bar between panels; adjusts *size by the mouse movement.
    static void splitter(const char* id, bool vertical, float thickness, float length, float* size,
                         float lo, float hi) {
        ImGui::InvisibleButton(id, vertical ? ImVec2(thickness, length) : ImVec2(length, thickness));
        const bool active = ImGui::IsItemActive();
        if (active) *size += vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
        *size = std::clamp(*size, lo, std::max(lo, hi));
        if (active || ImGui::IsItemHovered()) {
            ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            ImGui::GetWindowDrawList()->AddRectFilled(a, b, ImGui::GetColorU32(ImGuiCol_SeparatorHovered));
        }
    }

    void frame() {
        advance();

        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(vp->WorkPos);
        ImGui::SetNextWindowSize(vp->WorkSize);
        ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
        const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoBringToFrontOnFocus |
                                       ImGuiWindowFlags_NoBackground;  // ui/backdrop.h
        ImGui::Begin("forklab", nullptr, flags);
        ImGui::PopStyleVar();

        shortcuts();

        draw_toolbar();
        ImGui::Separator();

        const float split = 6.0f;
        const float status_h = ImGui::GetFrameHeightWithSpacing();
        ImVec2 avail = ImGui::GetContentRegionAvail();
        const float body_h = std::max(50.0f, avail.y - status_h);
        if (code_w < 0) code_w = std::round(avail.x * 0.38f);
        if (timeline_h < 0) timeline_h = std::round(body_h * 0.55f);

        draw_code(body_h);
        ImGui::SameLine(0, 0);
        splitter("##split_code", true, split, body_h, &code_w, 120.0f, avail.x - 200.0f);
        ImGui::SameLine(0, 0);

        ImGui::BeginGroup();
        draw_timeline(timeline_h);
        splitter("##split_timeline", false, split, ImGui::GetContentRegionAvail().x, &timeline_h, 80.0f,
                 body_h - 80.0f);
        ImGui::BeginChild("##lower", ImVec2(0, body_h - timeline_h - split), false);
        draw_result_and_output();
        ImGui::EndChild();
        ImGui::EndGroup();

        // Status bar.
        if (!config.platform_note.empty()) {
            ImGui::TextDisabled("%s", config.platform_note.c_str());
            ImGui::SameLine(0, 20);
        }
        ImGui::TextDisabled("%s", tr(Text::keys_hint));
        ImGui::End();
    }
};

// [SECTION] Viewer ------------------------------------------------------------------------

Viewer::Viewer(ViewerConfig config) : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    impl_->timeline.set_overlays(&impl_->overlays);
}
Viewer::~Viewer() = default;

void Viewer::load_scenario(std::string filename, std::string source) {
    if (impl_->running()) impl_->stop();
    impl_->step_panel.close();
    // Another program: the last run's timeline, output and results were of the old one, and
    // next to the new code they would read as its own.
    if (source != impl_->source || filename != impl_->filename) impl_->reset();
    impl_->filename = std::move(filename);
    impl_->source = std::move(source);
    impl_->experiments.clear();
    impl_->error_lines.clear();
    impl_->trace_note.clear();
}
void Viewer::set_backend(Backend b) { impl_->backend = b; }
void Viewer::set_language(Lang lang) { set_ui_language(lang); }
Lang Viewer::language() const { return ui_language(); }
void Viewer::show_panel(Panel p) {
    impl_->tab = p == Panel::results       ? Impl::Tab::results
                 : p == Panel::inspector   ? Impl::Tab::inspector
                 : p == Panel::experiments ? Impl::Tab::experiments
                                           : Impl::Tab::output;
    impl_->select_tab = true;
}
void Viewer::set_speed(int speed) {
    impl_->speed = speed <= 0 ? Speed::slow : speed == 1 ? Speed::normal : Speed::fast;
}
void Viewer::set_seed(uint64_t seed) { impl_->seed = seed; }
void Viewer::set_cores(int cores) {
    impl_->cores = cores <= 0 ? kDefaultSimCores : std::clamp(cores, 1, 64);
}
const std::string& Viewer::filename() const { return impl_->filename; }
const std::string& Viewer::source() const { return impl_->source; }
Backend Viewer::backend() const { return impl_->backend; }
uint64_t Viewer::seed() const { return impl_->seed; }
int Viewer::cores() const { return impl_->cores; }
void Viewer::open_stepper(const std::string& schedule) { impl_->open_steps(schedule); }
const Stepper* Viewer::stepper() const { return impl_->step_panel.stepper(); }
const std::string& Viewer::stepper_problem() const { return impl_->step_problem; }
bool Viewer::step_command(const std::string& line, std::string* error) {
    const StepCommandOutcome o = impl_->step_panel.command(line);
    if (o.action == StepAction::error && error) *error = o.error;
    return o.action != StepAction::error;
}
void Viewer::run(std::function<void(const RunResult&)> on_done) { impl_->start(std::move(on_done)); }
void Viewer::show_trace(Trace trace, std::string title) {
    if (impl_->phase != Impl::Phase::background) impl_->step_panel.close();  // it hides the timeline
    impl_->show_trace(std::move(trace), std::move(title));
}
bool Viewer::running() const { return impl_->running(); }
void Viewer::explore_outcomes() { impl_->experiments.start_exploration(impl_->scenario_request()); }
void Viewer::measure_speedup() { impl_->experiments.start_speedup(impl_->scenario_request()); }
bool Viewer::experiments_busy() const { return impl_->experiments.busy(); }
const ExploreResult* Viewer::exploration() const { return impl_->experiments.exploration(); }
const RunResult* Viewer::last_result() const { return impl_->result ? &*impl_->result : nullptr; }
const std::string& Viewer::last_result_name() const {
    return impl_->trace_title.empty() ? impl_->request.filename : impl_->trace_title;
}
void Viewer::set_time_cursor(std::optional<uint64_t> time) {
    if (time && impl_->result && !impl_->running()) impl_->timeline.set_cursor(*time);
    else impl_->timeline.clear_cursor();
}
std::optional<uint64_t> Viewer::time_cursor() const { return impl_->timeline.cursor(); }
const TraceMoment* Viewer::trace_moment() {
    if (!impl_->result || impl_->running()) return nullptr;
    return &impl_->trace_moment();
}
void Viewer::frame() { impl_->frame(); }

}  // namespace forklab::ui
