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

}  // namespace

TEST_CASE("viewer: a 100,000-event trace draws within its triangle and fill budgets") {
    RunRequest request;
    request.backend = Backend::sim;
    request.filename = "many_events.py";
    request.source = many_events_scenario(5600);
    RunResult run = run_sim(request, nullptr);
    REQUIRE(run.exit_status == 0);
    REQUIRE(run.trace.events.size() >= 100000);

    ImGuiContext* ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kWidth, kHeight);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ImGui::StyleColorsDark();
    {
        ui::Viewer viewer{ui::ViewerConfig{}};
        viewer.show_trace(std::move(run.trace), "many_events.json");
        for (int frame = 0; frame < 4; ++frame) {  // the first frames settle the layout
            ImGui::NewFrame();
            viewer.frame();
            ImGui::Render();
        }
        const ImDrawData& data = *ImGui::GetDrawData();
        Cost total, lanes, root;
        for (int n = 0; n < data.CmdListsCount; ++n) {
            const ImDrawList& list = *data.CmdLists[n];
            const Cost c = cost_of(list);
            total.triangles += c.triangles;
            total.screens += c.screens;
            const std::string owner = list._OwnerName ? list._OwnerName : "";
            if (owner.find("##lanes") != std::string::npos) lanes = c;
            if (owner == "forklab") root = c;
        }
        INFO("lanes: " << lanes.triangles << " triangles, " << lanes.screens << " screens; all: "
             << total.triangles << " triangles, " << total.screens << " screens");
        CHECK(lanes.triangles > 500);     // the lanes are there (about 3,900 triangles)
        CHECK(lanes.triangles < 8000);    // were about 17,800
        CHECK(root.screens < 0.2);        // no full-screen background (was 1.04 screens)
        CHECK(total.screens < 0.6);       // about 0.19 (was 1.44)
    }
    ImGui::DestroyContext(ctx);
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
