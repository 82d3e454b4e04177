// The browser lab's platform layer: SDL2 window on the page's <canvas>, a WebGL2 context,
// Dear ImGui with its SDL2 input backend and our own WebGL2 renderer (gl_renderer.h), and
// emscripten_set_main_loop calling one frame -> Viewer::frame(). The browser owns the loop
// (requestAnimationFrame): main() sets everything up and hands over; nothing here ever
// blocks the browser main thread.
//
// Flavours (same file, CMake builds both): with -pthread, non-sim runs go to a
// BackgroundRunner on a pool Worker (worker_runner.cpp); with FORKLAB_NO_THREADS the viewer
// only simulates (sim runs a slice per frame on this thread), which needs no
// SharedArrayBuffer.
//
// The page learns that we are up through Module.forklabReady(), or why not through
// Module.forklabFatal(message) (web/loader.js defines both).
#include <SDL.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "app.h"
#include "gl_renderer.h"
#include "ui/backdrop.h"
#include "ui/frame_digest.h"
#include "imgui_impl_sdl.h"
#include "imgui.h"

namespace {

using namespace forklab;

struct Platform {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    std::unique_ptr<ui::BackgroundRunner> runner;
    std::unique_ptr<ui::Viewer> viewer;
    int width = 0, height = 0;
    int fb_w = 0, fb_h = 0;  // the drawing buffer the last drawn frame filled
    ui::FrameSkipper skipper;  // a frame that looks like the last one is not drawn again
};
Platform g;

// The desktop viewer's font (DejaVu Sans Mono) when the build embedded it into the
// Emscripten file system (link option --embed-file FONT@/fonts/DejaVuSansMono.ttf);
// otherwise ImGui's built-in ProggyClean (it has Latin-1 too: accents, n tilde, inverted
// marks). Glyphs are rasterized at the device pixel ratio and drawn scaled back, so text
// stays sharp on high-DPI screens.
void load_font(float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    const char* path = "/fonts/DejaVuSansMono.ttf";
    if (std::FILE* f = std::fopen(path, "rb")) {
        std::fclose(f);
        if (io.Fonts->AddFontFromFileTTF(path, 15.0f * dpr, nullptr,
                                         io.Fonts->GetGlyphRangesDefault())) {
            io.FontGlobalScale = 1.0f / dpr;
            return;
        }
    }
    // ProggyClean is a pixel font: only whole multiples of its 13 px stay crisp.
    const float whole = std::max(1.0f, std::round(dpr));
    ImFontConfig config;
    config.SizePixels = 13.0f * whole;
    io.Fonts->AddFontDefault(&config);
    io.FontGlobalScale = 1.0f / whole;
}

void fatal(const std::string& message) {
    EM_ASM({ if (Module["forklabFatal"]) Module["forklabFatal"](UTF8ToString($0)); },
           message.c_str());
}

// The canvas is sized by CSS (it fills the page); keep SDL's window (CSS pixels) in step
// with it. SDL sizes the drawing buffer at the device pixel ratio (SDL_WINDOW_ALLOW_HIGHDPI).
void follow_canvas_size() {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    int w = css_w >= 1 ? static_cast<int>(css_w) : 1;
    int h = css_h >= 1 ? static_cast<int>(css_h) : 1;
    if (w != g.width || h != g.height) {
        g.width = w;
        g.height = h;
        SDL_SetWindowSize(g.window, w, h);
    }
}

void frame() {
    follow_canvas_size();
    SDL_Event event;
    while (SDL_PollEvent(&event)) ImGui_ImplSDL2_ProcessEvent(&event);

    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    web::page_api_frame();
    g.viewer->frame();
    ImGui::Render();

    int fb_w = 0, fb_h = 0;
    SDL_GL_GetDrawableSize(g.window, &fb_w, &fb_h);
    // Resizing a canvas clears its drawing buffer, so the frame after must be drawn.
    if (fb_w != g.fb_w || fb_h != g.fb_h) g.skipper.force();
    if (!g.skipper.should_draw(*ImGui::GetDrawData())) return;
    g.fb_w = fb_w;
    g.fb_h = fb_h;
    // No glViewport here: a clear ignores it (gl_renderer_draw leaves the scissor test off),
    // and gl_renderer_draw sets it for its own drawing.
    const forklab::ui::Rgba back = forklab::ui::backdrop_colour();
    glClearColor(back.r, back.g, back.b, back.a);
    glClear(GL_COLOR_BUFFER_BIT);
    web::gl_renderer_draw(*ImGui::GetDrawData(), fb_w, fb_h);
    SDL_GL_SwapWindow(g.window);
}

}  // namespace

// Frames drawn and frames skipped as unchanged since the start (forklab.frames() on the page).
extern "C" EMSCRIPTEN_KEEPALIVE const char* forklab_frame_counts() {
    static char text[64];
    std::snprintf(text, sizeof text, "{\"drawn\":%llu,\"skipped\":%llu}",
                  (unsigned long long)g.skipper.drawn(), (unsigned long long)g.skipper.skipped());
    return text;
}

namespace {

bool init_platform() {
    // Keyboard events go to the canvas only, so the rest of the page keeps its keys.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        fatal(std::string("SDL_Init failed: ") + SDL_GetError());
        return false;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    g.width = css_w >= 1 ? static_cast<int>(css_w) : 1280;
    g.height = css_h >= 1 ? static_cast<int>(css_h) : 720;
    g.window = SDL_CreateWindow("forklab", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                                g.width, g.height,
                                SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!g.window) {
        fatal(std::string("SDL_CreateWindow failed: ") + SDL_GetError());
        return false;
    }
    g.gl = SDL_GL_CreateContext(g.window);
    if (!g.gl) {
        fatal(std::string("WebGL2 is not available in this browser (") + SDL_GetError() + ")");
        return false;
    }
    SDL_GL_MakeCurrent(g.window, g.gl);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layouts are not kept between visits
    ImGui::StyleColorsDark();
    const double dpr = emscripten_get_device_pixel_ratio();
    load_font(static_cast<float>(dpr >= 1.0 && dpr <= 4.0 ? dpr : 1.0));
    ImGui_ImplSDL2_InitForOpenGL(g.window, g.gl);
    const char* why = nullptr;
    if (!web::gl_renderer_init(&why)) {
        fatal(why);
        return false;
    }
    return true;
}

}  // namespace

int main() {
    if (!init_platform()) return 1;

    ui::ViewerConfig config;
    g.runner = web::make_worker_runner();
    config.runner = g.runner.get();
    config.limits.max_trace_events = web::trace_cap_for_heap();
    config.platform_note = web::backend_available(Backend::threads, nullptr) ? web::kThreadsNote
                                                                             : web::kSimOnlyNote;
    g.viewer = std::make_unique<ui::Viewer>(std::move(config));
    web::set_viewer(g.viewer.get());

    EM_ASM({ if (Module["forklabReady"]) Module["forklabReady"](); });
    // fps 0: requestAnimationFrame. simulate_infinite_loop 1: main() never returns, so the
    // runtime stays up whatever EXIT_RUNTIME says.
    emscripten_set_main_loop(frame, 0, 1);
    return 0;
}
