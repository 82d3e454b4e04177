// The desktop platform layer: SDL2 window + OpenGL 3 context, the ImGui SDL2/OpenGL3
// backends, and the frame loop that calls Viewer::frame(). Screenshot mode (for the headless
// smoke test under Xvfb) reads the back buffer after the last frame and writes a BMP.
#include "gui/gui.h"

#include <SDL.h>
#include <SDL_opengl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gui/background_runner.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"
#include "imgui_impl_sdl.h"
#include "trace/trace_import.h"
#include "ui/backdrop.h"
#include "ui/plot_view.h"
#include "exec/explore.h"
#include "exec/stepper.h"
#include "ui/ui_text.h"
#include "ui/viewer.h"

namespace {

struct GuiArgs {
    std::string file;
    forklab::Backend backend = forklab::Backend::sim;
    bool backend_given = false;
    uint64_t seed = 1;
    bool seed_given = false;
    int cores = 0;
    bool autorun = false;
    bool step = false;     // open Step mode, after the steps of `schedule`
    std::string schedule;
    std::string screenshot;
    std::string bench;  // a `forklab bench --json` file to plot instead of a scenario
    std::string trace;  // a `forklab run --trace` file to show instead of running
    int frames = 120;
    forklab::Lang lang = forklab::Lang::en;  // the viewer's labels (--lang)
    std::string panel;  // --panel output|results|inspector: the lower tab to show
    int speed = 2;      // --speed slow|normal|fast
};

// The viewer's F-key shortcuts name SDL scancodes (ImGui 1.86 has no F keys): keep them so.
static_assert(SDL_SCANCODE_F5 == 62 && SDL_SCANCODE_F6 == 63 && SDL_SCANCODE_F10 == 67,
              "shared/ui/viewer.cpp's kKeyF5/F6/F10");

const char* const kUsage =
    "usage: forklab gui [FILE.py] [--backend sim|threads|fork] [--seed N] [--cores N]\n"
    "                   [--autorun | --step [--schedule S]] [--screenshot OUT.bmp [--frames N]]\n"
    "                   [--lang en|es] [--speed slow|normal|fast]\n"
    "                   [--panel output|results|inspector|experiments]\n"
    "       forklab gui --bench RESULTS.json [--screenshot OUT.bmp [--frames N]]\n"
    "       forklab gui --trace TRACE.json [FILE.py] [--screenshot OUT.bmp [--frames N]]\n"
    "         (the editor shows the source the trace recorded, or FILE.py when given)\n";

bool parse_args(int argc, char** argv, GuiArgs* a) {
    int i = 1;
    if (argc >= 1 && argv[0] && std::strstr(argv[0], ".py")) i = 0;  // CLI passed argv + 2
    if (i < argc && std::strcmp(argv[i], "gui") == 0) ++i;
    auto value = [&](const char* opt) -> const char* {
        if (i + 1 >= argc) {
            std::fprintf(stderr, "forklab gui: %s needs a value\n%s", opt, kUsage);
            return nullptr;
        }
        return argv[++i];
    };
    for (; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--backend") {
            const char* v = value("--backend");
            if (!v) return false;
            if (!forklab::backend_from_name(v, &a->backend)) {
                std::fprintf(stderr, "forklab gui: unknown backend '%s'\n%s", v, kUsage);
                return false;
            }
            a->backend_given = true;
        } else if (arg == "--seed") {
            const char* v = value("--seed");
            if (!v) return false;
            a->seed = std::strtoull(v, nullptr, 10);
            a->seed_given = true;
        } else if (arg == "--cores") {
            const char* v = value("--cores");
            if (!v) return false;
            a->cores = std::atoi(v);
        } else if (arg == "--autorun") {
            a->autorun = true;
        } else if (arg == "--step") {
            a->step = true;
        } else if (arg == "--schedule") {
            const char* v = value("--schedule");
            if (!v) return false;
            a->schedule = v;
        } else if (arg == "--screenshot") {
            const char* v = value("--screenshot");
            if (!v) return false;
            a->screenshot = v;
        } else if (arg == "--bench") {
            const char* v = value("--bench");
            if (!v) return false;
            a->bench = v;
        } else if (arg == "--trace") {
            const char* v = value("--trace");
            if (!v) return false;
            a->trace = v;
        } else if (arg == "--lang") {
            const char* v = value("--lang");
            if (!v) return false;
            if (!forklab::lang_from_name(v, &a->lang)) {
                std::fprintf(stderr, "forklab gui: --lang: '%s' is not en or es\n%s", v, kUsage);
                return false;
            }
        } else if (arg == "--panel") {
            const char* v = value("--panel");
            if (!v) return false;
            a->panel = v;
            if (a->panel != "output" && a->panel != "results" && a->panel != "inspector" &&
                a->panel != "experiments") {
                std::fprintf(stderr, "forklab gui: --panel: '%s' is not output, results, inspector or experiments\n%s", v, kUsage);
                return false;
            }
        } else if (arg == "--speed") {
            const char* v = value("--speed");
            if (!v) return false;
            const std::string sp = v;
            a->speed = sp == "slow" ? 0 : sp == "normal" ? 1 : sp == "fast" ? 2 : -1;
            if (a->speed < 0) {
                std::fprintf(stderr, "forklab gui: --speed: '%s' is not slow, normal or fast\n%s", v, kUsage);
                return false;
            }
        } else if (arg == "--frames") {
            const char* v = value("--frames");
            if (!v) return false;
            a->frames = std::max(1, std::atoi(v));
        } else if (arg == "-h" || arg == "--help") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "forklab gui: unknown option '%s'\n%s", arg.c_str(), kUsage);
            return false;
        } else if (a->file.empty()) {
            a->file = arg;
        } else {
            std::fprintf(stderr, "forklab gui: more than one file given\n%s", kUsage);
            return false;
        }
    }
    if (!a->bench.empty() && !a->file.empty()) {
        std::fprintf(stderr, "forklab gui: --bench opens a results file, not a scenario too\n%s", kUsage);
        return false;
    }
    if (!a->bench.empty() && !a->trace.empty()) {
        std::fprintf(stderr, "forklab gui: --bench and --trace open different views; give one\n%s", kUsage);
        return false;
    }
    if (!a->trace.empty() && a->autorun) {
        std::fprintf(stderr, "forklab gui: --trace shows a recorded run; --autorun would replace it\n%s", kUsage);
        return false;
    }
    return true;
}

// Reads a trace file before any window opens, so a bad file is one line on stderr in the
// compiler's format (FILE:LINE:COL: error: ...) and exit status 1.
bool load_trace_file(const std::string& path, forklab::Trace* out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "forklab gui: cannot read %s\n", path.c_str());
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    forklab::TraceLoadError e;
    if (!forklab::import_trace_json(ss.str(), out, &e)) {
        std::fprintf(stderr, "%s\n", forklab::format_trace_error(path, e).c_str());
        return false;
    }
    return true;
}

// Reads and checks a bench results file before any window opens, so a bad file is one line on
// stderr in the compiler's format (FILE:LINE:COL: error: ...) and exit status 1.
bool load_bench_file(const std::string& path, forklab::ui::BenchResults* out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "forklab gui: cannot read %s\n", path.c_str());
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    forklab::ui::BenchLoadError e;
    if (!forklab::ui::load_bench_results(ss.str(), out, &e)) {
        std::fprintf(stderr, "%s:%d:%d: error: %s\n", path.c_str(), e.line, e.column, e.message.c_str());
        return false;
    }
    return true;
}

// A font with Latin-1 (Spanish: n tilde, accents, inverted marks) when the system has one;
// otherwise ImGui's built-in ASCII font.
void load_font() {
    ImGuiIO& io = ImGui::GetIO();
    const char* env = std::getenv("FORKLAB_FONT");
    const char* candidates[] = {
        env,
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
    };
    for (const char* path : candidates) {
        if (!path) continue;
        std::ifstream probe(path, std::ios::binary);
        if (!probe) continue;
        // GetGlyphRangesDefault() is Basic Latin + Latin-1 Supplement (U+0020..U+00FF).
        if (io.Fonts->AddFontFromFileTTF(path, 15.0f, nullptr, io.Fonts->GetGlyphRangesDefault()))
            return;
    }
    io.Fonts->AddFontDefault();
}

// Reads the back buffer (what was just rendered) and writes it as a BMP.
bool save_screenshot(const std::string& path, int w, int h) {
    std::vector<unsigned char> pixels((size_t)w * h * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    SDL_Surface* s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    if (!s) return false;
    SDL_LockSurface(s);
    for (int y = 0; y < h; ++y)  // GL rows go bottom-up
        std::memcpy((unsigned char*)s->pixels + (size_t)y * s->pitch,
                    pixels.data() + (size_t)(h - 1 - y) * w * 3, (size_t)w * 3);
    SDL_UnlockSurface(s);
    const bool ok = SDL_SaveBMP(s, path.c_str()) == 0;
    SDL_FreeSurface(s);
    return ok;
}

std::string base_name(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int run_gui(int argc, char** argv) {
    GuiArgs args;
    if (!parse_args(argc, argv, &args)) return 2;

    forklab::ui::BenchResults bench;
    if (!args.bench.empty() && !load_bench_file(args.bench, &bench)) return 1;
    forklab::Trace trace;
    if (!args.trace.empty() && !load_trace_file(args.trace, &trace)) return 1;

    std::string source;
    if (!args.file.empty()) {
        std::ifstream in(args.file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "forklab gui: cannot read %s\n", args.file.c_str());
            return 2;
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        source = ss.str();
    }

    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "forklab gui: SDL_Init failed: %s\n", SDL_GetError());
        return 2;
    }
    // GL 3.0 + GLSL 130, as in ImGui's SDL2/OpenGL3 example (Mesa llvmpipe gives more).
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 8);
    const std::string shown = !args.bench.empty() ? args.bench : !args.trace.empty() ? args.trace : args.file;
    const std::string title = "forklab" + (shown.empty() ? std::string() : " - " + base_name(shown));
    SDL_Window* window = SDL_CreateWindow(
        title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
        (SDL_WindowFlags)(SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI));
    if (!window) {
        std::fprintf(stderr, "forklab gui: cannot open a window: %s\n", SDL_GetError());
        SDL_Quit();
        return 2;
    }
    SDL_GLContext gl = SDL_GL_CreateContext(window);
    if (!gl) {
        std::fprintf(stderr, "forklab gui: no OpenGL 3 context: %s\n", SDL_GetError());
        SDL_DestroyWindow(window);
        SDL_Quit();
        return 2;
    }
    SDL_GL_MakeCurrent(window, gl);
    SDL_GL_SetSwapInterval(args.screenshot.empty() ? 1 : 0);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini in the user's directory
    ImGui::StyleColorsDark();
    load_font();
    ImGui_ImplSDL2_InitForOpenGL(window, gl);
    ImGui_ImplOpenGL3_Init("#version 130");

    int status = 0;
    {
        forklab::gui::ThreadRunner runner;
        forklab::ui::ViewerConfig config;
        config.runner = &runner;
        forklab::ui::Viewer viewer(config);
        if (!args.file.empty()) viewer.load_scenario(args.file, source);
        viewer.set_backend(args.backend);
        viewer.set_language(args.lang);
        viewer.set_speed(args.speed);
        if (args.panel == "results") viewer.show_panel(forklab::ui::Viewer::Panel::results);
        if (args.panel == "inspector") viewer.show_panel(forklab::ui::Viewer::Panel::inspector);
        if (args.panel == "experiments") {
            // The smoke test's view of the tab: both experiments, run before the screenshot.
            viewer.show_panel(forklab::ui::Viewer::Panel::experiments);
            viewer.explore_outcomes();
            viewer.measure_speedup();
        }
        viewer.set_seed(args.seed);
        if (args.cores > 0) viewer.set_cores(args.cores);
        if (args.autorun) viewer.run();
        if (!args.trace.empty()) {
            // FILE.py beside --trace is the code to show with it: the user's word wins over
            // the source the trace recorded, and stands in for one an older trace lacks.
            if (!args.file.empty()) trace.scenario = forklab::TraceScenario{args.file, source};
            viewer.show_trace(std::move(trace), base_name(args.trace));
        }
        if (args.step) {
            viewer.open_stepper(args.schedule);
            if (!viewer.stepper()) {
                std::fprintf(stderr, "forklab gui: --step: %s\n", viewer.stepper_problem().c_str());
                status = 2;
            }
        }

        const int kMaxFrames = 3000;  // screenshot mode: give up waiting for the run
        int frame = 0, frames_after_run = 0;
        // Screenshot mode only: FORKLAB_GUI_MOUSE=X,Y holds the mouse there, so the smoke test
        // can see hover tooltips (Xvfb has no window manager to give the window focus).
        float fake_x = -1, fake_y = -1;
        if (const char* m = std::getenv("FORKLAB_GUI_MOUSE"); m && !args.screenshot.empty())
            std::sscanf(m, "%f,%f", &fake_x, &fake_y);
        bool quit = false;
        while (!quit) {
            SDL_Event event;
            while (SDL_PollEvent(&event)) {
                ImGui_ImplSDL2_ProcessEvent(&event);
                if (event.type == SDL_QUIT) quit = true;
                if (event.type == SDL_WINDOWEVENT && event.window.event == SDL_WINDOWEVENT_CLOSE &&
                    event.window.windowID == SDL_GetWindowID(window))
                    quit = true;
            }
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplSDL2_NewFrame();
            if (fake_x >= 0 && fake_y >= 0) io.MousePos = ImVec2(fake_x, fake_y);
            ImGui::NewFrame();
            if (args.bench.empty())
                viewer.frame();
            else
                forklab::ui::draw_bench_window(bench, base_name(args.bench));
            ImGui::Render();
            int w = 0, h = 0;
            SDL_GL_GetDrawableSize(window, &w, &h);
            glViewport(0, 0, w, h);
            const forklab::ui::Rgba back = forklab::ui::backdrop_colour();
            glClearColor(back.r, back.g, back.b, back.a);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

            if (!args.screenshot.empty()) {
                ++frame;
                if (!viewer.running() && !viewer.experiments_busy()) ++frames_after_run;
                if (frames_after_run >= args.frames || frame >= kMaxFrames) {
                    if (viewer.running())
                        std::fprintf(stderr, "forklab gui: run still going after %d frames\n", frame);
                    if (const forklab::ExploreResult* ex = viewer.exploration())  // for the smoke test
                        std::printf("forklab gui: explored %zu outcomes in %llu schedules%s\n",
                                    ex->outcomes.size(), (unsigned long long)ex->schedules,
                                    ex->complete ? "" : " (incomplete)");
                    if (const forklab::Stepper* st = viewer.stepper())  // for the smoke test
                        std::printf("forklab gui: step mode at step %zu, %zu processes, schedule %s\n",
                                    st->step_count(), st->processes().size(), st->schedule().c_str());
                    if (!save_screenshot(args.screenshot, w, h)) {
                        std::fprintf(stderr, "forklab gui: cannot write %s: %s\n",
                                     args.screenshot.c_str(), SDL_GetError());
                        status = 1;
                    }
                    quit = true;
                }
            }
            SDL_GL_SwapWindow(window);
        }
    }

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return status;
}
