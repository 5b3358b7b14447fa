#include "app/enginebridge.h"
#include "app/lessonplayer.h"
#include "app/lessonui.h"
#include "app/mainwindow.h"
#include "core/engine/engine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QTimer>

#include <cstdio>
#include <string_view>

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
    // A recording starts on the lesson, not on the first-run welcome.
    if (auto* welcome = window.findChild<QDockWidget*>(QStringLiteral("welcomeDock")))
        welcome->hide();
    constexpr int leadInMs = 800;
    QTimer::singleShot(leadInMs, lessons->player(), &LessonPlayer::play);
}

// --help and --version answer without a display (over ssh, in scripts, in CI): they are
// handled under a QCoreApplication before any window system is touched.
bool asksHelpOrVersion(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg(argv[i]);
        if (arg == "--")
            return false;
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-?" || arg == "-v"
            || arg == "--version")
            return true;
    }
    return false;
}

void describeOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Make sockets visible: create real TCP, UDP and Unix "
                                            "sockets, drive each system call by hand and watch.\n"
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
    parser.addPositionalArgument(QStringLiteral("lesson"),
                                 QCoreApplication::translate("main", "A .sks lesson to play, as with --play."),
                                 QStringLiteral("[LESSON.sks]"));
}

const QCommandLineOption& playOption()
{
    static const QCommandLineOption option(
        QStringLiteral("play"),
        QCoreApplication::translate("main", "Start playing the lesson in <file> (a .sks file)."),
        QStringLiteral("file"));
    return option;
}

void nameApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("Sockscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKSCOPE_VERSION));
}

} // namespace

int main(int argc, char* argv[])
{
    if (asksHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        nameApplication();
        QCommandLineParser parser;
        describeOptions(parser);
        parser.addOption(playOption());
        parser.process(app); // prints and exits
        return 0;
    }
    QApplication app(argc, argv);
    nameApplication();

    QCommandLineParser parser;
    describeOptions(parser);
    parser.addOption(playOption());
    parser.process(app);
    const QString lessonPath = parser.isSet(playOption()) ? parser.value(playOption())
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
