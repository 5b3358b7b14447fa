#pragma once

class EngineBridge;
class QWidget;
class RateSampler;
class SocketsPanel;

// The live byte panels — byte flow chart, payload console, traffic generator — and the
// rate sampler they share, wired to the sockets tree (selection, the Rate column's
// sparklines). MainWindow puts the three widgets in docks; everything else is done here.
// The widgets are a ByteFlowPanel, a PayloadPanel and a GeneratorPanel (plain QWidget
// pointers here, so the window needs none of their headers).
struct FlowPanels {
    RateSampler* sampler = nullptr;
    QWidget* byteFlow = nullptr;
    QWidget* payload = nullptr;
    QWidget* generator = nullptr;

    // Builds the panels as children of `parent` and connects them to `sockets`.
    static FlowPanels build(EngineBridge& bridge, SocketsPanel& sockets, QWidget* parent);
};
