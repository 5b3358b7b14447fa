#include "app/livepanels.h"

#include "app/descriptorspanel.h"
#include "app/enginebridge.h"
#include "app/journalpanel.h"
#include "app/listenerspanel.h"
#include "app/portspanel.h"
#include "app/sequencepanel.h"
#include "app/socketspanel.h"

#include <QItemSelectionModel>
#include <QTableView>

LivePanels LivePanels::build(EngineBridge& bridge, SocketsPanel& sockets, JournalPanel& journal,
                             QWidget* parent)
{
    LivePanels live;
    live.listeners = new ListenersPanel(*bridge.sockets(), parent);
    live.descriptors = new DescriptorsPanel(*bridge.sockets(), bridge.engine().notifyFd(), parent);
    live.ports = new PortsPanel(*bridge.sockets(), parent);
    live.sequence = new SequencePanel(bridge, parent);

    QObject::connect(live.listeners, &ListenersPanel::socketActivated, &sockets, &SocketsPanel::selectSocket);
    QObject::connect(live.descriptors, &DescriptorsPanel::socketActivated, &sockets, &SocketsPanel::selectSocket);
    QObject::connect(live.ports, &PortsPanel::socketActivated, &sockets, &SocketsPanel::selectSocket);
    QObject::connect(live.sequence, &SequencePanel::entryActivated, &journal, &JournalPanel::selectSeq);
    QObject::connect(journal.view()->selectionModel(), &QItemSelectionModel::currentRowChanged, live.sequence,
                     [sequence = live.sequence](const QModelIndex& current) {
                         if (current.isValid())
                             sequence->showEntry(static_cast<std::uint64_t>(current.row()));
                     });
    return live;
}
