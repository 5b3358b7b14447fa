#include "app/learnpanel.h"

#include "app/enginebridge.h"
#include "app/socketsmodel.h"

#include <QGridLayout>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace {

const char* const markProperty = "learnMark"; // "current", "next" or "" (tests read it)

bool sameShape(const learn::LifeCycle& a, const learn::LifeCycle& b)
{
    return a.variant == b.variant && a.unixDomain == b.unixDomain && a.server == b.server
        && a.client == b.client;
}

QString sideId(learn::Side side)
{
    return side == learn::Side::Server ? QStringLiteral("server") : QStringLiteral("client");
}

QString kindHeading(const learn::LifeCycle& cycle)
{
    switch (cycle.variant) {
    case learn::Variant::SocketPair:
        return LearnPanel::tr("socketpair(): two connected ends, no addresses");
    case learn::Variant::Datagram:
        return cycle.unixDomain ? LearnPanel::tr("Unix datagram sockets: messages between paths")
                                : LearnPanel::tr("UDP: datagrams, no connection");
    case learn::Variant::Stream:
        break;
    }
    return cycle.unixDomain ? LearnPanel::tr("Unix stream sockets: a server and a client on a path")
                            : LearnPanel::tr("TCP: a server and a client");
}

} // namespace

LearnPanel::LearnPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_heading(new QLabel(this))
    , m_grid(new QGridLayout)
    , m_now(new QLabel(this))
    , m_topics(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("learnPanel"));
    m_heading->setObjectName(QStringLiteral("learnHeading"));
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    m_heading->setWordWrap(true);
    m_now->setObjectName(QStringLiteral("learnNow"));
    m_now->setWordWrap(true);
    m_now->setTextFormat(Qt::RichText);
    m_now->setFrameShape(QFrame::StyledPanel);
    m_now->setMargin(6);
    m_topics->setObjectName(QStringLiteral("learnTopics"));
    m_topics->setHtml(learn::topicsHtml());
    m_topics->setOpenLinks(false);
    m_grid->setHorizontalSpacing(12);
    m_grid->setVerticalSpacing(2);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addLayout(m_grid);
    layout->addWidget(m_now);
    layout->addWidget(m_topics, 1);

    connect(&m_bridge, &EngineBridge::batchApplied, this, &LearnPanel::refresh);
    refresh();
}

LearnPanel::~LearnPanel() = default;

void LearnPanel::setSocket(sks::SocketId id)
{
    m_socket = id;
    refresh();
}

QLabel* LearnPanel::stepLabel(learn::Side side, learn::Step step) const
{
    return findChild<QLabel*>(QStringLiteral("learnStep_%1_%2").arg(sideId(side), learn::stepId(step)),
                              Qt::FindDirectChildrenOnly);
}

void LearnPanel::rebuildColumns(const learn::LifeCycle& cycle)
{
    while (QLayoutItem* item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_cycle = cycle;
    m_haveColumns = true;
    const bool pair = cycle.variant == learn::Variant::SocketPair;
    for (const learn::Side side : {learn::Side::Server, learn::Side::Client}) {
        const int column = side == learn::Side::Server ? 0 : 1;
        auto* header = new QLabel(this);
        header->setObjectName(QStringLiteral("learnHeader_%1").arg(sideId(side)));
        header->setText(pair ? (side == learn::Side::Server ? tr("One end") : tr("The other end"))
                             : (side == learn::Side::Server ? tr("Server") : tr("Client")));
        QFont font = header->font();
        font.setBold(true);
        header->setFont(font);
        m_grid->addWidget(header, 0, column);
        const std::vector<learn::Step>& steps = side == learn::Side::Server ? cycle.server : cycle.client;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            auto* label = new QLabel(this);
            label->setObjectName(
                QStringLiteral("learnStep_%1_%2").arg(sideId(side), learn::stepId(steps[i])));
            label->setToolTip(learn::stepExplanation(steps[i], cycle, side));
            label->setMargin(3);
            m_grid->addWidget(label, static_cast<int>(i) + 1, column);
        }
    }
    m_grid->setRowStretch(static_cast<int>(std::max(cycle.server.size(), cycle.client.size())) + 1, 1);
}

void LearnPanel::refresh()
{
    const sks::SocketInfo* info = m_socket != 0 ? m_bridge.sockets()->info(m_socket) : nullptr;
    const sks::SocketInfo plain; // an unselected TCP client: the default drawing
    const learn::LifeCycle cycle = learn::lifeCycle(info ? *info : plain);
    if (!m_haveColumns || !sameShape(cycle, m_cycle))
        rebuildColumns(cycle);
    m_position = info ? std::optional(learn::locate(*info)) : std::nullopt;
    m_heading->setText(kindHeading(cycle));

    for (const learn::Side side : {learn::Side::Server, learn::Side::Client}) {
        const std::vector<learn::Step>& steps = side == learn::Side::Server ? cycle.server : cycle.client;
        const bool mine = m_position && m_position->side == side;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const learn::Step step = steps[i];
            QLabel* label = stepLabel(side, step);
            const bool current = mine && m_position->current == step;
            const bool next = mine && !current && std::ranges::find(m_position->next, step) != m_position->next.end();
            const QString base = QStringLiteral("%1. %2").arg(i + 1).arg(learn::stepLabel(step, cycle, side));
            QString text = QStringLiteral("    ") + base;
            if (current)
                text = QStringLiteral("▶ ") + base + QStringLiteral("  ")
                    + (m_position->waiting ? tr("(waiting here)") : tr("(now)"));
            else if (next)
                text = QStringLiteral("→ ") + base + QStringLiteral("  ") + tr("(next)");
            label->setText(text);
            label->setProperty(markProperty, current ? QStringLiteral("current")
                                             : next  ? QStringLiteral("next")
                                                     : QString());
            QFont font = this->font();
            font.setBold(current);
            font.setUnderline(next);
            label->setFont(font);
            // Current: highlighted and framed; others: the normal text, so the marker and
            // the bold face carry the meaning even without color.
            label->setFrameShape(current ? QFrame::Box : QFrame::NoFrame);
            label->setAutoFillBackground(current);
            label->setBackgroundRole(QPalette::Highlight);
            label->setForegroundRole(current ? QPalette::HighlightedText
                                     : mine  ? QPalette::WindowText
                                             : QPalette::PlaceholderText);
        }
    }

    if (!m_position) {
        m_now->setText(tr("Select a socket to see where it is in its life cycle. Hover a step "
                          "for what it does."));
        return;
    }
    const learn::Side side = m_position->side;
    QStringList nextNames;
    for (const learn::Step step : m_position->next)
        nextNames << learn::stepLabel(step, cycle, side).toHtmlEscaped();
    QString text = tr("<b>Socket #%1 — %2</b><br>%3")
                       .arg(m_socket)
                       .arg(QString::fromStdString(info->stateText()).toHtmlEscaped(),
                            learn::stepExplanation(m_position->current, cycle, side).toHtmlEscaped());
    text += QStringLiteral("<br>")
        + (nextNames.isEmpty() ? tr("Nothing comes next: the descriptor is closed.")
                               : tr("Next: %1").arg(nextNames.join(QStringLiteral(", "))));
    m_now->setText(text);
}
