#pragma once

#include <QWidget>

#include <cstdint>

class EngineBridge;
class SequenceDiagram;
class SequenceView;
class VisibilityWatch;

// The sequence diagram with its legend and the export buttons (SVG for documents and
// slides, PNG for chat and bug reports).
class SequencePanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SequencePanel)

public:
    explicit SequencePanel(EngineBridge& bridge, QWidget* parent = nullptr);
    ~SequencePanel() override;

    SequenceDiagram* diagram() const noexcept { return m_diagram; }
    SequenceView* view() const noexcept { return m_view; }

    // The newest part of the diagram as a file; false (with a message box from the
    // buttons, silently here) when it cannot be written.
    bool exportSvg(const QString& path) const;
    bool exportPng(const QString& path) const;

public Q_SLOTS:
    // Highlights the journal entry `seq` (the Journal's current row).
    void showEntry(std::uint64_t seq);

Q_SIGNALS:
    // An arrow or row was clicked: select entry `seq` in the Journal.
    void entryActivated(std::uint64_t seq);

private:
    void exportWithDialog(bool svg);
    void catchUp() const;

    SequenceDiagram* m_diagram = nullptr;
    SequenceView* m_view = nullptr;
    VisibilityWatch* m_visibility = nullptr;
};
