// What a frame would put on the screen, as one 64-bit digest of ImGui's draw data: the
// vertices, indices and draw commands of every list, and the display size and scale.
//
// Why: a software-rendered WebGL (headless Chromium's SwiftShader, many school laptops
// without GPU drivers) spends most of a frame filling pixels, not running ImGui. ImGui must
// still run every frame (input, hover, animations), but when its output is the same as the
// last frame's, the page skips the GL submission: an unchanged canvas costs the browser
// nothing. Any change (a hover highlight, a blinking text cursor, a new event) changes
// the digest, so nothing visible is ever skipped.
#pragma once
#include <cstdint>

struct ImDrawData;

namespace forklab::ui {

uint64_t frame_digest(const ImDrawData& data);

// Decides, frame by frame, whether the GL work is needed: the first frame, any frame whose
// digest differs from the last drawn one, and any frame after `force()` (the drawing buffer
// was resized or lost).
class FrameSkipper {
public:
    bool should_draw(const ImDrawData& data);
    void force() { forced_ = true; }
    uint64_t drawn() const { return drawn_; }
    uint64_t skipped() const { return skipped_; }

private:
    uint64_t last_ = 0;
    bool forced_ = true;
    uint64_t drawn_ = 0, skipped_ = 0;
};

}  // namespace forklab::ui
