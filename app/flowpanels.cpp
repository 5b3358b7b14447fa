#include "app/flowpanels.h"

#include "app/byteflowpanel.h"
#include "app/enginebridge.h"
#include "app/generatorpanel.h"
#include "app/payloadpanel.h"
#include "app/ratesampler.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "app/sparklinedelegate.h"

#include <QTreeView>

FlowPanels FlowPanels::build(EngineBridge& bridge, SocketsPanel& sockets, QWidget* parent)
{
    auto* sampler = new RateSampler(bridge, parent);
    auto* byteFlow = new ByteFlowPanel(bridge, *sampler, parent);
    byteFlow->setObjectName(QStringLiteral("byteFlowPanel"));
    auto* payload = new PayloadPanel(bridge, parent);
    payload->setObjectName(QStringLiteral("payloadPanel"));
    auto* generator = new GeneratorPanel(bridge, parent);
    generator->setObjectName(QStringLiteral("generatorPanel"));

    // The Rate column: sparklines painted from the sampler's rings.
    SocketsModel& model = *bridge.sockets();
    model.setRateSource([sampler](sks::SocketId id) { return sampler->series(id); });
    // The model lives in the bridge and may outlive the window that owns the sampler.
    QObject::connect(sampler, &QObject::destroyed, &model, [&model] { model.setRateSource({}); });
    QObject::connect(sampler, &RateSampler::sampled, &model,
                     [&model](const std::vector<sks::SocketId>& changed) { model.rateHistoryChanged(changed); });
    sockets.view()->setItemDelegateForColumn(SocketsModel::Rate, new SparklineDelegate(sockets.view()));

    QObject::connect(&sockets, &SocketsPanel::currentSocketChanged, byteFlow, &ByteFlowPanel::setSocket);
    QObject::connect(&sockets, &SocketsPanel::currentSocketChanged, payload, &PayloadPanel::setSocket);
    QObject::connect(&sockets, &SocketsPanel::currentSocketChanged, generator, &GeneratorPanel::suggestSource);
    return FlowPanels{sampler, byteFlow, payload, generator};
}
