#include "ui/frame_digest.h"

#include <cstring>

#include "imgui.h"

namespace forklab::ui {

namespace {

// A word-at-a-time multiply-rotate mix: a frame's draw data is a few hundred KiB, so the
// digest must cost a small part of a millisecond; it need not resist an adversary, only
// change when any byte does.
struct Mixer {
    uint64_t h = 0x9e3779b97f4a7c15ull;
    void word(uint64_t w) {
        h ^= w * 0xff51afd7ed558ccdull;
        h = (h << 31 | h >> 33) * 0xc4ceb9fe1a85ec53ull;
    }
    void bytes(const void* p, size_t n) {
        const unsigned char* c = static_cast<const unsigned char*>(p);
        word(n);
        for (; n >= 8; c += 8, n -= 8) {
            uint64_t w;
            std::memcpy(&w, c, 8);
            word(w);
        }
        if (n) {
            uint64_t w = 0;
            std::memcpy(&w, c, n);
            word(w);
        }
    }
    void real(float f) {
        uint32_t u;
        std::memcpy(&u, &f, 4);
        word(u);
    }
};

}  // namespace

uint64_t frame_digest(const ImDrawData& data) {
    Mixer m;
    m.real(data.DisplayPos.x), m.real(data.DisplayPos.y);
    m.real(data.DisplaySize.x), m.real(data.DisplaySize.y);
    m.real(data.FramebufferScale.x), m.real(data.FramebufferScale.y);
    m.word((uint64_t)data.CmdListsCount);
    for (int i = 0; i < data.CmdListsCount; ++i) {
        const ImDrawList* list = data.CmdLists[i];
        m.bytes(list->VtxBuffer.Data, sizeof(ImDrawVert) * (size_t)list->VtxBuffer.Size);
        m.bytes(list->IdxBuffer.Data, sizeof(ImDrawIdx) * (size_t)list->IdxBuffer.Size);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            m.real(cmd.ClipRect.x), m.real(cmd.ClipRect.y), m.real(cmd.ClipRect.z), m.real(cmd.ClipRect.w);
            m.word((uint64_t)(uintptr_t)cmd.TextureId);
            m.word((uint64_t)cmd.VtxOffset << 32 | cmd.IdxOffset);
            m.word(cmd.ElemCount);
            // A callback draws what the vertices do not say: never take such a frame as unchanged.
            if (cmd.UserCallback) m.word((uint64_t)(uintptr_t)&cmd ^ (uint64_t)ImGui::GetFrameCount());
        }
    }
    return m.h;
}

bool FrameSkipper::should_draw(const ImDrawData& data) {
    const uint64_t d = frame_digest(data);
    if (!forced_ && d == last_) {
        ++skipped_;
        return false;
    }
    forced_ = false;
    last_ = d;
    ++drawn_;
    return true;
}

}  // namespace forklab::ui
