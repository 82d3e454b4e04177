// Draws ImGui's draw data with WebGL2: the browser lab's renderer.
//
// Why not imgui_impl_opengl3: before every frame it reads back a dozen pieces of GL state
// (viewport, scissor box, blend functions...) to restore them afterwards. In Chromium each
// such glGetIntegerv is a synchronous round trip to the GPU process, which waits until the
// GPU has finished the work already queued; with a software renderer (SwiftShader in
// headless Chromium, laptops without GPU drivers) that blocked the page's main thread for
// about 7 ms of every drawn frame while zooming a 100,000-event trace. The canvas belongs
// to the lab alone, so there is nothing to restore: this renderer sets the state it needs
// and never reads any back.
#pragma once

struct ImDrawData;

namespace forklab::web {

// Needs a current WebGL2 context and an ImGui context whose font atlas is complete (it
// uploads the atlas). False, with the reason in *why, when a shader does not build.
bool gl_renderer_init(const char** why);
// The frame, into the default framebuffer of fb_w x fb_h pixels (cleared by the caller).
void gl_renderer_draw(const ImDrawData& data, int fb_w, int fb_h);

}  // namespace forklab::web
