#include "app/sequencepanel.h"

#include "app/sequencediagram.h"
#include "app/sequencerenderer.h"
#include "app/sequenceview.h"
#include "app/visibilitywatch.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

QToolButton* makeButton(const QString& text, const QString& objectName, const QString& tip, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setObjectName(objectName);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

// The legend repeats the line styles in words, so the colours are never the only clue.
QString legendHtml()
{
    const auto item = [](const char* colour, const char* line, const QString& text) {
        return QStringLiteral("<span style='color:%1'><b>%2</b></span>&nbsp;%3")
            .arg(QLatin1String(colour), QString::fromUtf8(line), text.toHtmlEscaped());
    };
    return QStringList{
        item("#1f77b4", "━━▶", SequencePanel::tr("connect → accept")),
        item("#238237", "──▶", SequencePanel::tr("data")),
        item("#cc7000", "╌╌▶", SequencePanel::tr("FIN")),
        item("#c81e1e", "─·─▶", SequencePanel::tr("RST")),
        item("#555555", "┈┈▷", SequencePanel::tr("not read yet")),
    }.join(QStringLiteral(" &nbsp; "));
}

} // namespace

SequencePanel::SequencePanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_diagram(new SequenceDiagram(bridge, this))
    , m_view(new SequenceView(*m_diagram, this))
{
    // The diagram follows the journal only while it can be seen (or is being exported).
    m_diagram->setActive(false);
    m_visibility = new VisibilityWatch(*this);
    connect(m_visibility, &VisibilityWatch::shownChanged, m_diagram, &SequenceDiagram::setActive);
    auto* legend = new QLabel(legendHtml(), this);
    legend->setObjectName(QStringLiteral("sequenceLegend"));
    legend->setTextFormat(Qt::RichText);
    legend->setWordWrap(true); // a narrow dock wraps the legend instead of widening the window
    legend->setToolTip(tr("How to read the arrows. A filled head means the other side has "
                          "read it; a hollow head on a dotted line means it is still in the "
                          "kernel's queues, unread."));
    QToolButton* svg = makeButton(tr("Export SVG…"), QStringLiteral("exportSvgButton"),
                                  tr("Save the newest part of the diagram (up to 2,000 calls) as "
                                     "SVG: sharp at any size, for documents and slides."),
                                  this);
    QToolButton* png = makeButton(tr("Export PNG…"), QStringLiteral("exportPngButton"),
                                  tr("Save the newest part of the diagram (up to 400 calls) as "
                                     "a PNG picture, for chat messages and bug reports."),
                                  this);
    connect(svg, &QToolButton::clicked, this, [this] { exportWithDialog(true); });
    connect(png, &QToolButton::clicked, this, [this] { exportWithDialog(false); });
    connect(m_view, &SequenceView::entryActivated, this, &SequencePanel::entryActivated);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 2, 6, 2);
    bar->addWidget(legend, 1);
    bar->addWidget(svg);
    bar->addWidget(png);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
}

SequencePanel::~SequencePanel() = default;

bool SequencePanel::exportSvg(const QString& path) const
{
    catchUp();
    return exportSequenceSvg(*m_diagram, m_view->font(), path);
}

bool SequencePanel::exportPng(const QString& path) const
{
    catchUp();
    return exportSequencePng(*m_diagram, m_view->font(), path);
}

void SequencePanel::catchUp() const
{
    // A hidden diagram is behind the journal: bring it up to date, then let it rest again.
    if (m_diagram->isActive())
        return;
    m_diagram->setActive(true);
    m_diagram->setActive(m_visibility->isShown());
}

void SequencePanel::showEntry(std::uint64_t seq)
{
    m_view->setSelectedSeq(seq);
}

void SequencePanel::exportWithDialog(bool svg)
{
    const QString suggested = QDir::home().filePath(svg ? QStringLiteral("sockscope-sequence.svg")
                                                        : QStringLiteral("sockscope-sequence.png"));
    const QString path = QFileDialog::getSaveFileName(
        this, svg ? tr("Export the sequence diagram as SVG") : tr("Export the sequence diagram as PNG"),
        suggested, svg ? tr("SVG pictures (*.svg)") : tr("PNG pictures (*.png)"));
    if (path.isEmpty())
        return;
    if (!(svg ? exportSvg(path) : exportPng(path)))
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(QDir::toNativeSeparators(path)));
}
