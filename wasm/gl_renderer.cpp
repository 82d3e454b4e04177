#include "gl_renderer.h"

#include <GLES3/gl3.h>

#include <cstddef>
#include <cstdint>

#include "imgui.h"

namespace forklab::web {

namespace {

// Positions in pixels, mapped to clip space by the projection; colours in straight alpha
// (ImGui's convention), blended with SRC_ALPHA.
constexpr const char* kVertexShader = R"(#version 300 es
uniform mat4 projection;
layout (location = 0) in vec2 position;
layout (location = 1) in vec2 uv;
layout (location = 2) in vec4 colour;
out vec2 frag_uv;
out vec4 frag_colour;
void main() {
    frag_uv = uv;
    frag_colour = colour;
    gl_Position = projection * vec4(position, 0.0, 1.0);
}
)";

constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D atlas;
in vec2 frag_uv;
in vec4 frag_colour;
layout (location = 0) out vec4 out_colour;
void main() {
    out_colour = frag_colour * texture(atlas, frag_uv);
}
)";

struct Renderer {
    GLuint program = 0;
    GLint projection = -1;
    GLint atlas = -1;
    GLuint vertex_array = 0;
    GLuint vertices = 0;
    GLuint indices = 0;
    GLuint font_texture = 0;
};
Renderer r;

GLuint compile(GLenum kind, const char* text) {
    const GLuint s = glCreateShader(kind);
    glShaderSource(s, 1, &text, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);  // once, at start: the only read-back
    if (!ok) {
        glDeleteShader(s);
        return 0;
    }
    return s;
}

void upload_font_atlas() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    glGenTextures(1, &r.font_texture);
    glBindTexture(GL_TEXTURE_2D, r.font_texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID((ImTextureID)(intptr_t)r.font_texture);
}

// Everything a frame relies on, set every frame: cheap (no call waits for the GPU), and a
// draw callback that asks for a reset (ImDrawCallback_ResetRenderState) gets the same.
void set_render_state(const ImDrawData& data, int fb_w, int fb_h) {
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_SCISSOR_TEST);
    glViewport(0, 0, fb_w, fb_h);

    const float l = data.DisplayPos.x, rgt = data.DisplayPos.x + data.DisplaySize.x;
    const float t = data.DisplayPos.y, b = data.DisplayPos.y + data.DisplaySize.y;
    const float ortho[4][4] = {
        {2.0f / (rgt - l), 0.0f, 0.0f, 0.0f},
        {0.0f, 2.0f / (t - b), 0.0f, 0.0f},
        {0.0f, 0.0f, -1.0f, 0.0f},
        {(rgt + l) / (l - rgt), (t + b) / (b - t), 0.0f, 1.0f},
    };
    glUseProgram(r.program);
    glUniform1i(r.atlas, 0);
    glUniformMatrix4fv(r.projection, 1, GL_FALSE, &ortho[0][0]);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(r.vertex_array);
    glBindBuffer(GL_ARRAY_BUFFER, r.vertices);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r.indices);
}

}  // namespace

bool gl_renderer_init(const char** why) {
    const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
    const GLuint fs = compile(GL_FRAGMENT_SHADER, kFragmentShader);
    if (!vs || !fs) {
        *why = "the ImGui shaders do not compile on this WebGL2";
        return false;
    }
    r.program = glCreateProgram();
    glAttachShader(r.program, vs);
    glAttachShader(r.program, fs);
    glLinkProgram(r.program);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint linked = 0;
    glGetProgramiv(r.program, GL_LINK_STATUS, &linked);
    if (!linked) {
        *why = "the ImGui shaders do not link on this WebGL2";
        return false;
    }
    r.projection = glGetUniformLocation(r.program, "projection");
    r.atlas = glGetUniformLocation(r.program, "atlas");

    glGenVertexArrays(1, &r.vertex_array);
    glGenBuffers(1, &r.vertices);
    glGenBuffers(1, &r.indices);
    glBindVertexArray(r.vertex_array);
    glBindBuffer(GL_ARRAY_BUFFER, r.vertices);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, r.indices);  // part of the vertex array's state
    glEnableVertexAttribArray(0);
    glEnableVertexAttribArray(1);
    glEnableVertexAttribArray(2);
    const GLsizei stride = sizeof(ImDrawVert);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(ImDrawVert, pos));
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, (void*)offsetof(ImDrawVert, uv));
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, (void*)offsetof(ImDrawVert, col));
    glBindVertexArray(0);

    upload_font_atlas();
    ImGui::GetIO().BackendRendererName = "forklab_webgl2";
    return true;
}

void gl_renderer_draw(const ImDrawData& data, int fb_w, int fb_h) {
    if (fb_w <= 0 || fb_h <= 0 || data.DisplaySize.x <= 0 || data.DisplaySize.y <= 0) return;
    set_render_state(data, fb_w, fb_h);
    const ImVec2 origin = data.DisplayPos;
    const ImVec2 scale = data.FramebufferScale;
    constexpr GLenum kIndexType = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;

    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList* list = data.CmdLists[n];
        // New storage every frame (orphaning): the GPU may still read last frame's.
        glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)list->VtxBuffer.Size * (GLsizeiptr)sizeof(ImDrawVert),
                     list->VtxBuffer.Data, GL_STREAM_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)list->IdxBuffer.Size * (GLsizeiptr)sizeof(ImDrawIdx),
                     list->IdxBuffer.Data, GL_STREAM_DRAW);
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback) {
                if (cmd.UserCallback == ImDrawCallback_ResetRenderState) set_render_state(data, fb_w, fb_h);
                else cmd.UserCallback(list, &cmd);
                continue;
            }
            // The clip rectangle in framebuffer pixels; GL's scissor counts rows from the bottom.
            const float x0 = (cmd.ClipRect.x - origin.x) * scale.x, y0 = (cmd.ClipRect.y - origin.y) * scale.y;
            const float x1 = (cmd.ClipRect.z - origin.x) * scale.x, y1 = (cmd.ClipRect.w - origin.y) * scale.y;
            if (x1 <= x0 || y1 <= y0) continue;
            glScissor((GLint)x0, (GLint)((float)fb_h - y1), (GLsizei)(x1 - x0), (GLsizei)(y1 - y0));
            glBindTexture(GL_TEXTURE_2D, (GLuint)(intptr_t)cmd.GetTexID());
            glDrawElements(GL_TRIANGLES, (GLsizei)cmd.ElemCount, kIndexType,
                           (void*)(intptr_t)(cmd.IdxOffset * sizeof(ImDrawIdx)));
        }
    }
    // Off again, so that the caller's glClear of the next frame covers the whole canvas.
    glDisable(GL_SCISSOR_TEST);
}

}  // namespace forklab::web
