#include "app/enginebridge.h"
#include "app/mainwindow.h"
#include "core/engine/engine.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Sockscope"));
    QApplication::setApplicationVersion(QStringLiteral(SOCKSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Make sockets visible: create real TCP servers and "
                                        "clients, drive each system call by hand and watch."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    auto engine = sks::Engine::start();
    if (!engine) {
        std::fprintf(stderr, "sockscope: cannot start the socket engine: %s\n",
                     engine.error().toString().c_str());
        return 1;
    }

    EngineBridge bridge(**engine);
    MainWindow window(bridge);
    window.resize(1280, 800);
    window.show();
    return QApplication::exec();
}
