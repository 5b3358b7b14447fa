#include "app/enginebridge.h"
#include "app/lessonplayer.h"
#include "app/lessonui.h"
#include "app/mainwindow.h"
#include "core/engine/engine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

namespace {

// `sockscope LESSON.sks`: the window comes up, then the lesson plays after a moment, so a
// screen recording can start from one command. A lesson that cannot be read or parsed is
// reported on stderr and in the lesson panel; the app runs on.
void playLessonAtStart(MainWindow& window, const QString& path)
{
    LessonUi* lessons = LessonUi::of(window);
    if (!lessons)
        return;
    const QString error = lessons->open(path);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "sockscope: %s\n", error.toLocal8Bit().constData());
        return;
    }
    constexpr int leadInMs = 800;
    QTimer::singleShot(leadInMs, lessons->player(), &LessonPlayer::play);
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Sockscope"));
    QApplication::setApplicationVersion(QStringLiteral(SOCKSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Make sockets visible: create real TCP servers and "
                                        "clients, drive each system call by hand and watch.\n"
                                        "\n"
                                        "Environment:\n"
                                        "  SOCKSCOPE_SETTINGS_DIR  keep settings (layout, theme) in "
                                        "<dir>/Sockscope.ini instead of the usual place\n"
                                        "  QT_SCALE_FACTOR         scale the whole window, e.g. 1.5 or 2\n"
                                        "\n"
                                        "Qt's own options (-platform, -style, -reverse ...) are "
                                        "accepted too; see sockscope-cli --help for the "
                                        "command-line tools."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption playOption(
        QStringLiteral("play"),
        QApplication::translate("main", "Start playing the lesson in <file> (a .sks file)."),
        QStringLiteral("file"));
    parser.addOption(playOption);
    parser.addPositionalArgument(QStringLiteral("lesson"),
                                 QApplication::translate("main", "A .sks lesson to play, as with --play."),
                                 QStringLiteral("[LESSON.sks]"));
    parser.process(app);
    const QString lessonPath = parser.isSet(playOption) ? parser.value(playOption)
                                                        : parser.positionalArguments().value(0);

    auto engine = sks::Engine::start();
    if (!engine) {
        std::fprintf(stderr, "sockscope: cannot start the socket engine: %s\n",
                     engine.error().toString().c_str());
        return 1;
    }

    EngineBridge bridge(**engine);
    MainWindow window(bridge); // sized as the user left it (or 1280×800 the first time)
    window.show();
    if (!lessonPath.isEmpty())
        playLessonAtStart(window, lessonPath);
    return QApplication::exec();
}
