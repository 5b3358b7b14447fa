#include "app/socketdetails.h"

#include <sys/stat.h>

#include <QCoreApplication>

namespace socketdetails {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("socketdetails", text);
}

bool hasCredentials(const sks::SocketInfo& s)
{
    return s.peerPid >= 0 || s.peerUid >= 0 || s.peerGid >= 0;
}

QString credentialsText(const sks::SocketInfo& s)
{
    return tr("peer process: pid %1 · uid %2 · gid %3 (SO_PEERCRED)")
        .arg(s.peerPid)
        .arg(s.peerUid)
        .arg(s.peerGid);
}

QString unixNameLine(const sks::SocketInfo& s)
{
    const sks::Endpoint& local = s.local;
    if (!local.isUnix() || local.isUnnamedUnix())
        return {};
    if (local.isAbstract())
        return tr("abstract name %1 — no file on disk; it vanishes with the last socket")
            .arg(QString::fromStdString(local.toString()));
    if (s.fileInode == 0)
        return tr("file %1").arg(QString::fromStdString(local.unixName()));
    QString line = tr("file %1 · %2 · inode %3")
                       .arg(QString::fromStdString(local.unixName()), modeText(s.fileMode))
                       .arg(s.fileInode);
    if (s.keepFile)
        line += tr(" · kept after close");
    return line;
}

} // namespace

QString modeText(std::uint32_t mode)
{
    QString text = S_ISSOCK(mode) ? QStringLiteral("s") : S_ISDIR(mode) ? QStringLiteral("d") : QStringLiteral("-");
    const QString rwx = QStringLiteral("rwxrwxrwx");
    for (int i = 0; i < 9; ++i)
        text += (mode & (0400u >> i)) ? rwx[i] : QLatin1Char('-');
    return text;
}

QString inodeText(const sks::SocketInfo& info)
{
    return info.inode == 0 ? QString() : QStringLiteral("socket:[%1]").arg(info.inode);
}

QStringList detailLines(const sks::SocketInfo& s)
{
    QStringList lines;
    if (const QString name = unixNameLine(s); !name.isEmpty())
        lines << name;
    if (s.linked != 0)
        lines << tr("linked to #%1 (socketpair): what one end sends, the other receives").arg(s.linked);
    if (s.sameSocketAs != 0)
        lines << tr("same open socket as #%1 (inode %2): a passed descriptor, another number for it")
                     .arg(s.sameSocketAs)
                     .arg(s.inode);
    if (hasCredentials(s))
        lines << credentialsText(s);
    if (s.type != sks::SockType::Stream && (s.messagesIn != 0 || s.messagesOut != 0))
        lines << tr("messages: %1 received · %2 sent (each one kept whole)")
                     .arg(s.messagesIn)
                     .arg(s.messagesOut);
    if (const QString inode = inodeText(s); !inode.isEmpty())
        lines << tr("%1 — its name in /proc/<pid>/fd").arg(inode);
    return lines;
}

QString peerColumnText(const sks::SocketInfo& s)
{
    const QString peer = QString::fromStdString(s.peer.toString());
    if (s.linked != 0)
        return tr("↔ #%1 (socketpair)").arg(s.linked);
    if (s.sameSocketAs != 0) {
        const QString passed = tr("≡ #%1 (passed)").arg(s.sameSocketAs);
        return peer.isEmpty() ? passed : passed + QStringLiteral("  ") + peer;
    }
    return peer;
}

QString peerToolTip(const sks::SocketInfo& s)
{
    QStringList lines;
    if (s.linked != 0)
        lines << tr("socketpair() made this socket and #%1 together, already connected to "
                    "each other: no address, no bind, no listen.")
                     .arg(s.linked);
    if (s.sameSocketAs != 0)
        lines << tr("Received over a Unix socket with SCM_RIGHTS: a new descriptor for the same "
                    "open socket as #%1 (inode %2). Closing one leaves the other working.")
                     .arg(s.sameSocketAs)
                     .arg(s.inode);
    if (hasCredentials(s))
        lines << credentialsText(s);
    return lines.join(QLatin1Char('\n'));
}

QString localToolTip(const sks::SocketInfo& s)
{
    QStringList lines;
    if (const QString name = unixNameLine(s); !name.isEmpty())
        lines << name;
    if (const QString inode = inodeText(s); !inode.isEmpty())
        lines << inode;
    return lines.join(QLatin1Char('\n'));
}

} // namespace socketdetails
