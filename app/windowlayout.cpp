#include "app/windowlayout.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QStringDecoder>

namespace windowlayout {
namespace {

const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");
constexpr int kMaxSide = 16384; // larger than any screen Qt draws on

// A settings file is text: NUL or bytes that are not UTF-8 mean something else wrote it.
bool looksLikeText(const QByteArray& bytes)
{
    if (bytes.contains('\0'))
        return false;
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(bytes);
    Q_UNUSED(decoded);
    return !decoder.hasError();
}

bool isBool(const QVariant& value)
{
    const QString text = value.toString().toLower();
    return value.typeId() == QMetaType::Bool || text == QLatin1String("true") || text == QLatin1String("false");
}

bool isNumber(const QVariant& value)
{
    bool ok = false;
    value.toDouble(&ok);
    return ok;
}

// Keys other parts of the app store, and what each must hold.
bool valueFits(const QString& key, const QVariant& value)
{
    if (key == geometryKey || key == stateKey)
        return value.typeId() == QMetaType::QByteArray;
    if (key == QLatin1String("welcome/dismissed"))
        return isBool(value);
    if (key == QLatin1String("appearance/fontScale") || key == QLatin1String("presentation/fontScale"))
        return isNumber(value);
    return true;
}

// Whether the window, as restoreGeometry() placed it, is on a screen and of a sane size.
bool geometryUsable(const QMainWindow& window)
{
    const QRect frame = window.frameGeometry();
    if (frame.width() <= 0 || frame.height() <= 0 || frame.width() > kMaxSide || frame.height() > kMaxSide)
        return false;
    for (const QScreen* screen : QGuiApplication::screens())
        if (screen->availableGeometry().intersects(frame))
            return true;
    return QGuiApplication::screens().isEmpty();
}

} // namespace

std::unique_ptr<QSettings> openSettings()
{
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SETTINGS_DIR");
    if (!dir.isEmpty())
        return std::make_unique<QSettings>(QDir(dir).filePath(QStringLiteral("Sockscope.ini")),
                                           QSettings::IniFormat);
    return std::make_unique<QSettings>(QStringLiteral("Sockscope"), QStringLiteral("Sockscope"));
}

QString repair()
{
    std::unique_ptr<QSettings> settings = openSettings();
    const QString path = settings->fileName();
    QFile file(path);
    const bool readable = !file.exists() || file.open(QIODevice::ReadOnly);
    const bool text = !file.isOpen() || looksLikeText(file.readAll());
    file.close();
    if (!readable || !text || settings->status() != QSettings::NoError) {
        settings.reset();
        const QString aside = path + QStringLiteral(".corrupt");
        QFile::remove(aside);
        if (!QFile::rename(path, aside))
            QFile::remove(path);
        openSettings()->clear(); // forget what was read from the old file
        return QCoreApplication::translate("windowlayout",
                                           "The settings file could not be read and was reset to the defaults "
                                           "(the old one is kept as %1).")
            .arg(QFileInfo(aside).fileName());
    }
    QStringList removed;
    for (const QString& key : settings->allKeys()) {
        if (valueFits(key, settings->value(key)))
            continue;
        settings->remove(key);
        removed << key;
    }
    if (removed.isEmpty())
        return {};
    return QCoreApplication::translate("windowlayout", "Settings with a value of the wrong type were reset: %1.")
        .arg(removed.join(QStringLiteral(", ")));
}

void save(const QMainWindow& window)
{
    const std::unique_ptr<QSettings> settings = openSettings();
    settings->setValue(geometryKey, window.saveGeometry());
    settings->setValue(stateKey, window.saveState(stateVersion));
}

bool restore(QMainWindow& window, QString* problem)
{
    const std::unique_ptr<QSettings> settings = openSettings();
    const QByteArray geometry = settings->value(geometryKey).toByteArray();
    const QByteArray state = settings->value(stateKey).toByteArray();
    const QRect before = window.geometry();
    bool geometryRestored = !geometry.isEmpty() && window.restoreGeometry(geometry);
    if (geometryRestored && !geometryUsable(window)) {
        window.setGeometry(before);
        geometryRestored = false;
    }
    const bool stateRestored = !state.isEmpty() && window.restoreState(state, stateVersion);
    QStringList bad;
    if (!geometry.isEmpty() && !geometryRestored) {
        settings->remove(geometryKey);
        bad << QCoreApplication::translate("windowlayout", "the window's size and place");
    }
    if (!state.isEmpty() && !stateRestored) {
        settings->remove(stateKey);
        bad << QCoreApplication::translate("windowlayout", "the panel layout");
    }
    if (problem && !bad.isEmpty())
        *problem = QCoreApplication::translate("windowlayout", "The saved %1 could not be used and was reset.")
                       .arg(bad.join(QCoreApplication::translate("windowlayout", " and ")));
    return geometryRestored || stateRestored;
}

} // namespace windowlayout
