#include "app/newsocketbox.h"

#include "app/enginebridge.h"

#include <QComboBox>
#include <QGridLayout>
#include <QPushButton>

namespace {

struct KindSpec {
    sks::Family family; // Unspecified: the family box decides
    sks::SockType type;
    sks::Role role;
    bool pair;
};

KindSpec specOf(NewSocketBox::Kind kind)
{
    using K = NewSocketBox::Kind;
    using sks::Family;
    using sks::Role;
    using sks::SockType;
    switch (kind) {
    case K::TcpServer: return {Family::Unspecified, SockType::Stream, Role::Server, false};
    case K::TcpClient: return {Family::Unspecified, SockType::Stream, Role::Client, false};
    case K::Udp: return {Family::Unspecified, SockType::Datagram, Role::Client, false};
    case K::UnixStreamServer: return {Family::Unix, SockType::Stream, Role::Server, false};
    case K::UnixStreamClient: return {Family::Unix, SockType::Stream, Role::Client, false};
    case K::UnixDatagram: return {Family::Unix, SockType::Datagram, Role::Client, false};
    case K::UnixSeqPacketServer: return {Family::Unix, SockType::SeqPacket, Role::Server, false};
    case K::UnixSeqPacketClient: return {Family::Unix, SockType::SeqPacket, Role::Client, false};
    case K::PairStream: return {Family::Unix, SockType::Stream, Role::Client, true};
    case K::PairDatagram: return {Family::Unix, SockType::Datagram, Role::Client, true};
    case K::PairSeqPacket: return {Family::Unix, SockType::SeqPacket, Role::Client, true};
    }
    return {Family::Unspecified, SockType::Stream, Role::Client, false};
}

} // namespace

NewSocketBox::NewSocketBox(EngineBridge& bridge, QWidget* parent)
    : QGroupBox(tr("New socket"), parent)
    , m_bridge(bridge)
{
    auto* server = new QPushButton(tr("New TCP server"), this);
    server->setObjectName(QStringLiteral("newServerButton"));
    server->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    server->setToolTip(tr("socket(AF_INET, SOCK_STREAM, 0) for a server (Ctrl+Shift+S).\n"
                          "Next: bind() it to an address, listen(), then accept() clients."));
    connect(server, &QPushButton::clicked, this, [this] { create(Kind::TcpServer); });

    auto* client = new QPushButton(tr("New TCP client"), this);
    client->setObjectName(QStringLiteral("newClientButton"));
    client->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    client->setToolTip(tr("socket(AF_INET, SOCK_STREAM, 0) for a client (Ctrl+Shift+C).\n"
                          "Next: connect() it to a listening server's address."));
    connect(client, &QPushButton::clicked, this, [this] { create(Kind::TcpClient); });

    m_familyCombo = new QComboBox(this);
    m_familyCombo->setObjectName(QStringLiteral("familyCombo"));
    m_familyCombo->addItem(tr("IPv4"), QVariant::fromValue(static_cast<int>(sks::Family::IPv4)));
    m_familyCombo->addItem(tr("IPv6"), QVariant::fromValue(static_cast<int>(sks::Family::IPv6)));
    m_familyCombo->setToolTip(tr("Address family of new TCP and UDP sockets: AF_INET (IPv4, "
                                 "127.0.0.1) or AF_INET6 (IPv6, ::1). Unix sockets are AF_UNIX."));

    m_kindCombo = new QComboBox(this);
    m_kindCombo->setObjectName(QStringLiteral("kindCombo"));
    addKinds();
    const auto showKindTip = [this] {
        m_kindCombo->setToolTip(m_kindCombo->currentData(Qt::ToolTipRole).toString()
                                + tr("\n\nPress Create (Ctrl+Shift+N) to make one."));
    };
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, showKindTip);
    m_kindCombo->setCurrentIndex(static_cast<int>(Kind::Udp));
    showKindTip();

    auto* createButton = new QPushButton(tr("Create"), this);
    createButton->setObjectName(QStringLiteral("createKindButton"));
    createButton->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    createButton->setToolTip(tr("Create a socket of the kind picked on the left (Ctrl+Shift+N)."));
    connect(createButton, &QPushButton::clicked, this,
            [this] { create(m_kindCombo->currentData().value<Kind>()); });

    auto* grid = new QGridLayout(this);
    grid->addWidget(server, 0, 0);
    grid->addWidget(client, 0, 1);
    grid->addWidget(m_familyCombo, 0, 2);
    grid->addWidget(m_kindCombo, 1, 0, 1, 2);
    grid->addWidget(createButton, 1, 2);
}

NewSocketBox::~NewSocketBox() = default;

void NewSocketBox::addKinds()
{
    addKind(Kind::TcpServer, tr("TCP server"),
            tr("SOCK_STREAM over IP, the server side: bind(), listen(), accept().\nA reliable, "
               "ordered byte stream with no message boundaries."));
    addKind(Kind::TcpClient, tr("TCP client"),
            tr("SOCK_STREAM over IP, the client side: connect() to a listening server, then "
               "send() and recv()."));
    addKind(Kind::Udp, tr("UDP socket"),
            tr("SOCK_DGRAM over IP: no connection. bind() to an address, then sendto() and "
               "recvfrom() whole datagrams, each naming its peer.\nDatagrams can be lost, "
               "duplicated or reordered; each one arrives whole or not at all."));
    addKind(Kind::UnixStreamServer, tr("Unix stream server"),
            tr("AF_UNIX, SOCK_STREAM: like TCP, but between processes on this machine, "
               "addressed by a file path or an @abstract name.\nbind() creates the socket "
               "file; listen() and accept() as with TCP."));
    addKind(Kind::UnixStreamClient, tr("Unix stream client"),
            tr("AF_UNIX, SOCK_STREAM client: connect() to a listening Unix socket's path.\n"
               "The server can ask who you are (SO_PEERCRED: pid, uid, gid)."));
    addKind(Kind::UnixDatagram, tr("Unix datagram"),
            tr("AF_UNIX, SOCK_DGRAM: whole messages between local processes. Unlike UDP it "
               "is reliable and ordered, and a full receiver makes the sender wait."));
    addKind(Kind::UnixSeqPacketServer, tr("Unix seqpacket server"),
            tr("AF_UNIX, SOCK_SEQPACKET: connections like a stream, but message boundaries "
               "are kept: three send()s arrive as three recv()s.\nServer side: bind(), "
               "listen(), accept()."));
    addKind(Kind::UnixSeqPacketClient, tr("Unix seqpacket client"),
            tr("AF_UNIX, SOCK_SEQPACKET client: connect() to a listening seqpacket socket."));
    addKind(Kind::PairStream, tr("socketpair (stream)"),
            tr("socketpair(AF_UNIX, SOCK_STREAM): two sockets connected to each other at "
               "once, with no address.\nThe classic way for a parent and child process to "
               "talk, and for passing descriptors."));
    addKind(Kind::PairDatagram, tr("socketpair (datagram)"),
            tr("socketpair(AF_UNIX, SOCK_DGRAM): two connected datagram sockets; every "
               "send() is one message."));
    addKind(Kind::PairSeqPacket, tr("socketpair (seqpacket)"),
            tr("socketpair(AF_UNIX, SOCK_SEQPACKET): two connected sockets that keep "
               "message boundaries."));
}

void NewSocketBox::addKind(Kind kind, const QString& text, const QString& toolTip)
{
    m_kindCombo->addItem(text, QVariant::fromValue(kind));
    m_kindCombo->setItemData(m_kindCombo->count() - 1, toolTip, Qt::ToolTipRole);
}

sks::Family NewSocketBox::family() const
{
    return static_cast<sks::Family>(m_familyCombo->currentData().toInt());
}

void NewSocketBox::create(Kind kind)
{
    const KindSpec spec = specOf(kind);
    const sks::SocketId id = m_bridge.engine().newSocketId();
    if (spec.pair) {
        m_bridge.post(sks::cmd::SocketPair{id, m_bridge.engine().newSocketId(), spec.type});
    } else {
        const sks::Family family = spec.family == sks::Family::Unspecified ? this->family() : spec.family;
        m_bridge.post(sks::cmd::Create{id, family, spec.type, spec.role});
    }
    Q_EMIT socketRequested(id);
}
