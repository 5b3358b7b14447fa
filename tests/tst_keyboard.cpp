// Every action and button in the main window (with every dock) explains itself and can be
// reached without the mouse: a tooltip that says more than the button's own text, a
// shortcut or a menu entry for actions, a mnemonic or shortcut for each call button; and
// no two mnemonics (menu bar titles, buttons, labels' buddies) or shortcuts collide.
#include "appfixture.h"
#include "app/enginebridge.h"
#include "app/mainwindow.h"

#include <QAbstractButton>
#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QScrollBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <set>

namespace {

// What Qt shows as an action's tooltip when none was set: its text without '&' and "…".
QString plainText(QString text)
{
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    if (text.endsWith(QStringLiteral("...")))
        text.chop(3);
    return text.trimmed();
}

// The character after a single '&', lower case; empty when there is none.
QString mnemonic(const QString& text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

// Qt's own helpers (dock title buttons, tab scrollers, line edits' clear buttons, a table's
// corner button).
bool internal(const QObject* object)
{
    const QString className = QString::fromLatin1(object->metaObject()->className());
    if (className == QLatin1String("QLineEditIconButton") || className == QLatin1String("QTableCornerButton"))
        return true;
    const QString name = object->objectName();
    if (name.startsWith(QLatin1String("qt_")) || name.startsWith(QLatin1String("_q_")))
        return true;
    const QObject* parent = object->parent();
    return qobject_cast<const QTabBar*>(parent) || qobject_cast<const QScrollBar*>(parent)
        || (parent && parent->objectName().startsWith(QLatin1String("qt_")));
}

bool inMenu(const QAction* action)
{
    for (const QObject* owner : action->associatedObjects())
        if (qobject_cast<const QMenu*>(owner) || qobject_cast<const QMenuBar*>(owner))
            return true;
    return false;
}

QString describe(const QObject* object, const QString& text)
{
    return QStringLiteral("%1 “%2” (%3)").arg(QString::fromLatin1(object->metaObject()->className()), text,
                                             object->objectName());
}

} // namespace

class TestKeyboard final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void everyActionExplainsItselfAndIsReachable();
    void everyButtonHasATooltip();
    void callButtonsHaveMnemonics();
    void mnemonicsAreUnique();
    void shortcutsAreUnique();

private:
    QList<QAction*> actions() const;
    QList<QAbstractButton*> buttons() const;

    QTemporaryDir m_settingsDir;
    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
};

void TestKeyboard::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    qputenv("SOCKSCOPE_SETTINGS_DIR", m_settingsDir.path().toLocal8Bit());
    const QString failed = testsupport::startApp(m_engine, m_bridge, m_window);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    // Every dock, even one the layout tabs away, has its widgets built and counted.
    QVERIFY(m_window->findChildren<QDockWidget*>().size() >= 10);
}

void TestKeyboard::cleanupTestCase()
{
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

QList<QAction*> TestKeyboard::actions() const
{
    QList<QAction*> found;
    for (QAction* action : m_window->findChildren<QAction*>())
        if (!internal(action) && !action->isSeparator() && !action->text().isEmpty() && !action->menu())
            found << action;
    return found;
}

QList<QAbstractButton*> TestKeyboard::buttons() const
{
    QList<QAbstractButton*> found;
    for (QAbstractButton* button : m_window->findChildren<QAbstractButton*>())
        if (!internal(button))
            found << button;
    return found;
}

void TestKeyboard::everyActionExplainsItselfAndIsReachable()
{
    QStringList failures;
    const QList<QAction*> all = actions();
    QVERIFY(all.size() > 20);
    for (const QAction* action : all) {
        const QString text = plainText(action->text());
        const bool explained = !action->statusTip().isEmpty() || (action->toolTip() != text && !action->toolTip().isEmpty());
        if (!explained)
            failures << describe(action, text) + QStringLiteral(": no tooltip");
        if (action->shortcut().isEmpty() && !inMenu(action))
            failures << describe(action, text) + QStringLiteral(": neither a shortcut nor a menu entry");
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
}

void TestKeyboard::everyButtonHasATooltip()
{
    QStringList failures;
    const QList<QAbstractButton*> all = buttons();
    QVERIFY(all.size() > 20);
    for (const QAbstractButton* button : all) {
        const QString tip = button->toolTip();
        if (tip.isEmpty() || tip == plainText(button->text()))
            failures << describe(button, button->text());
    }
    QVERIFY2(failures.isEmpty(), qPrintable(QStringLiteral("without a tooltip:\n") + failures.join(QLatin1Char('\n'))));
}

void TestKeyboard::callButtonsHaveMnemonics()
{
    int calls = 0;
    for (const QAbstractButton* button : buttons()) {
        if (!button->text().contains(QStringLiteral("()")))
            continue;
        ++calls;
        QVERIFY2(!mnemonic(button->text()).isEmpty() || !button->shortcut().isEmpty(),
                 qPrintable(describe(button, button->text())));
    }
    QVERIFY(calls >= 12);
}

void TestKeyboard::mnemonicsAreUnique()
{
    // Alt+letter in the window: the menu bar's titles, every button, every label's buddy.
    std::map<QString, QStringList> owners;
    for (const QAction* action : m_window->menuBar()->actions())
        if (const QString key = mnemonic(action->text()); !key.isEmpty())
            owners[key] << describe(action, action->text());
    for (const QAbstractButton* button : buttons())
        if (const QString key = mnemonic(button->text()); !key.isEmpty())
            owners[key] << describe(button, button->text());
    for (const QLabel* label : m_window->findChildren<QLabel*>())
        if (const QString key = mnemonic(label->text()); !key.isEmpty() && label->buddy())
            owners[key] << describe(label, label->text());
    // Within each menu, its entries' letters.
    for (const QMenu* menu : m_window->findChildren<QMenu*>()) {
        std::map<QString, QStringList> inMenuOwners;
        for (const QAction* action : menu->actions())
            if (const QString key = mnemonic(action->text()); !key.isEmpty())
                inMenuOwners[key] << describe(action, action->text());
        for (const auto& [key, list] : inMenuOwners)
            QVERIFY2(list.size() == 1, qPrintable(QStringLiteral("Alt+%1 in %2: %3").arg(key, menu->title(), list.join(QStringLiteral(", ")))));
    }
    QStringList clashes;
    for (const auto& [key, list] : owners)
        if (list.size() > 1)
            clashes << QStringLiteral("Alt+%1: %2").arg(key.toUpper(), list.join(QStringLiteral(", ")));
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1Char('\n'))));
    QVERIFY(owners.contains(QStringLiteral("l"))); // the Lessons menu
    QVERIFY(owners.contains(QStringLiteral("i"))); // listen()
}

void TestKeyboard::shortcutsAreUnique()
{
    std::map<QString, QStringList> owners;
    std::set<const QObject*> seen;
    for (const QAction* action : actions()) {
        if (!seen.insert(action).second)
            continue;
        for (const QKeySequence& key : action->shortcuts())
            owners[key.toString()] << describe(action, action->text());
    }
    for (const QAbstractButton* button : buttons())
        if (!button->shortcut().isEmpty())
            owners[button->shortcut().toString()] << describe(button, button->text());
    QStringList clashes;
    for (const auto& [key, list] : owners)
        if (list.size() > 1)
            clashes << key + QStringLiteral(": ") + list.join(QStringLiteral(", "));
    QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1Char('\n'))));
    QVERIFY(owners.contains(QStringLiteral("Ctrl+0"))); // View > Font size > Reset
}

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
