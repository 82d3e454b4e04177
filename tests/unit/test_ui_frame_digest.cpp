// ui/frame_digest.h: the browser lab skips the GL work of a frame whose ImGui output is the
// same as the last drawn one, so the digest must change with anything visible and stay put
// while nothing changes.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "imgui.h"
#include "ui/frame_digest.h"

using forklab::ui::FrameSkipper;
using forklab::ui::frame_digest;

namespace {

// An ImGui context of its own, with a built font atlas (NewFrame needs one) and no .ini file.
struct ImGuiFixture {
    ImGuiContext* ctx;
    ImGuiFixture() : ctx(ImGui::CreateContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(640, 400);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~ImGuiFixture() { ImGui::DestroyContext(ctx); }

    // One frame of a window with `text` in it and a box at `x`; the digest of what it draws.
    uint64_t frame(const std::string& text, float x = 10.0f) {
        ImGui::NewFrame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImVec2(300, 200));
        ImGui::Begin("digest");
        ImGui::TextUnformatted(text.c_str());
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x + x, p.y), ImVec2(p.x + x + 20, p.y + 20),
                                                  IM_COL32(60, 175, 80, 255));
        ImGui::End();
        ImGui::Render();
        return frame_digest(*ImGui::GetDrawData());
    }
};

}  // namespace

TEST_CASE("frame digest: the same picture gives the same digest, any change another") {
    ImGuiFixture f;
    f.frame("hola");  // the first frames settle window state
    f.frame("hola");
    const uint64_t a = f.frame("hola");
    CHECK(f.frame("hola") == a);
    CHECK(f.frame("hola") == a);
    CHECK(f.frame("holá") != a);                // one glyph
    CHECK(f.frame("hola", 11.0f) != a);         // a rectangle moved by one pixel
    CHECK(f.frame("hola") == a);                // and back
    ImGui::GetIO().DisplaySize = ImVec2(641, 400);
    CHECK(f.frame("hola") != a);                // the display size is part of it
}

TEST_CASE("frame skipper: draws the first frame, changes and forced frames; skips repeats") {
    ImGuiFixture f;
    FrameSkipper s;
    f.frame("x");
    f.frame("x");
    f.frame("x");
    CHECK(s.should_draw(*ImGui::GetDrawData()));   // the first frame is always drawn
    CHECK_FALSE(s.should_draw(*ImGui::GetDrawData()));
    f.frame("x");
    CHECK_FALSE(s.should_draw(*ImGui::GetDrawData()));
    s.force();  // e.g. the canvas was resized, which clears it
    CHECK(s.should_draw(*ImGui::GetDrawData()));
    f.frame("y");
    CHECK(s.should_draw(*ImGui::GetDrawData()));
    f.frame("y");
    CHECK_FALSE(s.should_draw(*ImGui::GetDrawData()));
    CHECK(s.drawn() == 3);
    CHECK(s.skipped() == 3);
}
