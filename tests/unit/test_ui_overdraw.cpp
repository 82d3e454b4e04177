// What the viewer asks the GPU to draw with a 100,000-event trace shown. A software WebGL
// (headless Chromium's SwiftShader, laptops without GPU drivers) pays per triangle and per
// pixel filled, and at 1280x800 the lab missed 60 fps while zooming such a trace: the lanes
// sent about 18,000 triangles (thousands of lock bars a pixel apart, each outline an
// anti-aliased stroke) and the root window a blended full-screen background. These budgets
// keep both from coming back; the figures are in the comments of each check.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "exec/runners.h"
#include "imgui.h"
#include "ui/backdrop.h"
#include "ui/viewer.h"

using namespace forklab;

namespace {

constexpr float kWidth = 1280, kHeight = 800;

// The lock-heavy program of scripts/web_report.mjs: four processes, a lock per increment.
std::string many_events_scenario(int iterations) {
    return "from multiprocessing import Lock, Process, Value\n"
           "def work(counter, lock, n):\n"
           "    for _ in range(n):\n"
           "        with lock:\n"
           "            counter.value += 1\n"
           "if __name__ == '__main__':\n"
           "    counter = Value('i', 0)\n"
           "    lock = Lock()\n"
           "    ws = [Process(target=work, args=(counter, lock, " + std::to_string(iterations) + ")) for _ in range(4)]\n"
           "    for w in ws:\n"
           "        w.start()\n"
           "    for w in ws:\n"
           "        w.join()\n"
           "    print(counter.value)\n";
}

struct Cost {
    int triangles = 0;
    double screens = 0;  // area of all triangles over the display area (overdraw counted)
};

Cost cost_of(const ImDrawList& list) {
    Cost c;
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
        const ImDrawVert* v = list.VtxBuffer.Data + cmd.VtxOffset;
        const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
        for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
            const ImVec2 a = v[idx[i]].pos, b = v[idx[i + 1]].pos, d = v[idx[i + 2]].pos;
            c.screens += std::fabs((b.x - a.x) * (d.y - a.y) - (d.x - a.x) * (b.y - a.y)) * 0.5;
            ++c.triangles;
        }
    }
    c.screens /= (double)kWidth * kHeight;
    return c;
}

// What the viewer draws, per draw list, with `trace` shown in a 1280x800 window.
struct Frame {
    Cost total, lanes, root;
};

Frame draw_trace(Trace trace) {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kWidth, kHeight);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGui::StyleColorsDark();
    Frame f;
    {
        ui::Viewer viewer{ui::ViewerConfig{}};
        viewer.show_trace(std::move(trace), "many_events.json");
        for (int frame = 0; frame < 4; ++frame) {  // the first frames settle the layout
            ImGui::NewFrame();
            viewer.frame();
            ImGui::Render();
        }
        const ImDrawData& data = *ImGui::GetDrawData();
        for (int n = 0; n < data.CmdListsCount; ++n) {
            const ImDrawList& list = *data.CmdLists[n];
            const Cost c = cost_of(list);
            f.total.triangles += c.triangles;
            f.total.screens += c.screens;
            const std::string owner = list._OwnerName ? list._OwnerName : "";
            if (owner.find("##lanes") != std::string::npos) f.lanes = c;
            if (owner == "forklab") f.root = c;
        }
    }
    ImGui::DestroyContext(ctx);
    return f;
}

Trace sim_trace(std::string source) {
    RunRequest request;
    request.backend = Backend::sim;
    request.filename = "many_events.py";
    request.source = std::move(source);
    RunResult run = run_sim(request, nullptr);
    REQUIRE(run.exit_status == 0);
    return std::move(run.trace);
}

}  // namespace

TEST_CASE("viewer: a 100,000-event trace draws within its triangle and fill budgets") {
    Trace trace = sim_trace(many_events_scenario(5600));
    REQUIRE(trace.events.size() >= 100000);
    const Frame f = draw_trace(std::move(trace));
    INFO("lanes: " << f.lanes.triangles << " triangles, " << f.lanes.screens << " screens; all: "
         << f.total.triangles << " triangles, " << f.total.screens << " screens");
    CHECK(f.lanes.triangles > 500);     // the lanes are there (about 3,900 triangles)
    CHECK(f.lanes.triangles < 8000);    // were about 17,800
    CHECK(f.root.screens < 0.2);        // no full-screen background (was 1.04 screens)
    CHECK(f.total.screens < 0.6);       // about 0.19 (was 1.44)
}

TEST_CASE("viewer: a message-heavy trace draws its arrows within budget") {
    // A ping-pong over a Pipe with a Queue beside it: 24,000 messages between two lanes.
    const Frame f = draw_trace(sim_trace(
        "from multiprocessing import Process, Pipe, Queue\n"
        "def eco(conn, q, n):\n"
        "    for i in range(n):\n"
        "        conn.send(conn.recv() + 1)\n"
        "        q.put(i)\n"
        "if __name__ == '__main__':\n"
        "    a, b = Pipe()\n"
        "    q = Queue()\n"
        "    p = Process(target=eco, args=(b, q, 8000))\n"
        "    p.start()\n"
        "    x = 0\n"
        "    for i in range(8000):\n"
        "        a.send(x)\n"
        "        x = a.recv()\n"
        "        q.get()\n"
        "    p.join()\n"
        "    print(x)\n"));
    INFO("lanes: " << f.lanes.triangles << " triangles");
    CHECK(f.lanes.triangles > 300);
    // About 5,400: 400 arrows (the cap) of 9 triangles and the state slices. With arrows 1.2
    // pixels wide, not a whole pixel, ImGui made 13 triangles of each: 6,500.
    CHECK(f.lanes.triangles < 6000);
}

TEST_CASE("backdrop: the clear colour is the dark style's window background over the old one") {
    ImGuiContext* ctx = ImGui::CreateContext();
    ImGui::StyleColorsDark();
    const ui::Rgba c = ui::backdrop_colour();
    const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    CHECK(c.a == 1.0f);
    // Between the translucent background and what showed through it (0.10, 0.10, 0.12).
    CHECK(c.r == doctest::Approx(bg.x * bg.w + 0.10f * (1 - bg.w)));
    CHECK(c.b == doctest::Approx(bg.z * bg.w + 0.12f * (1 - bg.w)));
    CHECK(c.r > bg.x);
    CHECK(c.r < 0.10f);
    ImGui::DestroyContext(ctx);
}
