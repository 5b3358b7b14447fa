#include "app/lessonlibrary.h"

#include "core/script/parser.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace lessonlibrary {
namespace {

const QString kResourceDir = QStringLiteral(":/lessons");

// The order a learner meets them in (README.md's table).
const QStringList kTutorialOrder = {
    QStringLiteral("tcp-server-life-cycle"),   QStringLiteral("client-ephemeral-port"),
    QStringLiteral("manual-accept-backlog"),   QStringLiteral("eaddrinuse-reuseaddr"),
    QStringLiteral("udp-datagram-boundaries"), QStringLiteral("unix-stream-vs-seqpacket"),
    QStringLiteral("socketpair"),              QStringLiteral("passing-a-descriptor"),
    QStringLiteral("half-close-vs-reset"),
};

QString tr(const char* text)
{
    return QCoreApplication::translate("lessonlibrary", text);
}

QString displayName(const QString& source)
{
    return source.startsWith(QLatin1Char(':')) ? QFileInfo(source).fileName() : QDir::toNativeSeparators(source);
}

} // namespace

QList<BuiltIn> builtInLessons()
{
    QStringList names = QDir(kResourceDir).entryList({QStringLiteral("*.sks")}, QDir::Files, QDir::Name);
    for (QString& name : names)
        name.chop(4);
    QStringList ordered;
    for (const QString& name : kTutorialOrder)
        if (names.removeOne(name))
            ordered << name;
    ordered << names;

    QList<BuiltIn> lessons;
    for (const QString& name : std::as_const(ordered)) {
        const QString resource = kResourceDir + QLatin1Char('/') + name + QStringLiteral(".sks");
        QFile file(resource);
        const QString text = file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
        lessons.append({titleOf(text, resource), resource});
    }
    return lessons;
}

QString titleOf(const QString& text, const QString& source)
{
    const QString first = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    if (first.startsWith(QLatin1Char('#'))) {
        const QString title = first.mid(1).trimmed();
        if (!title.isEmpty())
            return title;
    }
    return QFileInfo(source).completeBaseName();
}

std::expected<Lesson, QString> parse(const QByteArray& utf8, const QString& source)
{
    auto program = sks::script::parseLesson(std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())));
    if (!program) {
        // Same shape as the compilers' and sockscope-cli's: editors jump to file:line:column.
        return std::unexpected(displayName(source) + QLatin1Char(':')
                               + QString::fromStdString(program.error().toString()));
    }
    const QString text = QString::fromUtf8(utf8);
    return Lesson{titleOf(text, source), source, text, std::move(*program)};
}

std::expected<Lesson, QString> load(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(tr("Cannot read %1: %2").arg(displayName(path), file.errorString()));
    if (file.size() > static_cast<qint64>(sks::script::kMaxLessonBytes))
        return std::unexpected(tr("%1 is not a lesson: it is larger than %2 MiB.")
                                   .arg(displayName(path))
                                   .arg(sks::script::kMaxLessonBytes >> 20));
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return std::unexpected(tr("Cannot read %1: %2").arg(displayName(path), file.errorString()));
    return parse(bytes, path);
}

} // namespace lessonlibrary
