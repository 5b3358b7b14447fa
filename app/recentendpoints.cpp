#include "app/recentendpoints.h"

#include "app/windowlayout.h"

#include <QCompleter>
#include <QCoreApplication>
#include <QLineEdit>
#include <QPointer>
#include <QSettings>
#include <QStringListModel>

#include <algorithm>

namespace recentendpoints {
namespace {

const QString kKey = QStringLiteral("recent/endpoints");

// The completers' models, refreshed together when an endpoint is remembered.
QList<QPointer<QStringListModel>>& completionModels()
{
    static QList<QPointer<QStringListModel>> models;
    return models;
}

} // namespace

QStringList load()
{
    const auto settings = windowlayout::openSettings();
    const QVariant value = settings->value(kKey);
    if (value.typeId() != QMetaType::QStringList && value.typeId() != QMetaType::QString)
        return {};
    QStringList list = value.toStringList();
    list.removeAll(QString());
    list.removeDuplicates();
    return list.mid(0, kMaxRemembered);
}

void remember(const QString& text)
{
    const QString endpoint = text.trimmed();
    if (endpoint.isEmpty())
        return;
    QStringList list = load();
    list.removeAll(endpoint);
    list.prepend(endpoint);
    list = list.mid(0, kMaxRemembered);
    windowlayout::openSettings()->setValue(kKey, list);
    auto& models = completionModels();
    models.removeAll(nullptr);
    for (const QPointer<QStringListModel>& model : std::as_const(models))
        model->setStringList(list);
}

void appendTo(std::vector<endpointtargets::Target>& targets)
{
    const QString tip = QCoreApplication::translate("recentendpoints", "An endpoint you used recently.");
    for (const QString& endpoint : load()) {
        const bool offered = std::ranges::any_of(targets, [&](const auto& t) { return t.address == endpoint; });
        if (!offered)
            targets.push_back({endpoint, 0, tip});
    }
}

void attachCompleter(QLineEdit& edit)
{
    auto* model = new QStringListModel(load(), &edit);
    auto* completer = new QCompleter(model, &edit);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    edit.setCompleter(completer);
    completionModels().append(model);
}

} // namespace recentendpoints
