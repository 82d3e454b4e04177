// What lies behind the viewer's full-window windows (the viewer itself, the bench plot).
//
// Why: those windows cover the whole canvas, so drawing their background is a blended
// full-screen pass on top of the clear the platform does anyway. A software-rendered WebGL
// (headless Chromium's SwiftShader, laptops without GPU drivers) pays for every pixel it
// fills, and that pass was about 70% of what the viewer fills with a 100,000-event trace
// shown. So those windows draw no background (ImGuiWindowFlags_NoBackground) and the
// platform clears to the colour the background used to give: the same picture, one pass less.
#pragma once

namespace forklab::ui {

struct Rgba {
    float r, g, b, a;
};

// The style's window background (ImGuiCol_WindowBg, translucent in the dark style) over the
// platform's old clear colour, opaque. Needs a current ImGui context.
Rgba backdrop_colour();

}  // namespace forklab::ui
