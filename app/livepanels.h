#pragma once

#include "app/descriptorspanel.h"
#include "app/listenerspanel.h"
#include "app/portspanel.h"
#include "app/sequencepanel.h"

class EngineBridge;
class JournalPanel;
class SocketsPanel;

// The live panels of issue 4 that look at the sockets rather than at their bytes:
// listeners with their accept queues, the descriptor table, ports and the sequence
// diagram. build() makes them (children of `parent`) and links them to the tree and the
// journal: activating a socket anywhere selects it in the tree, clicking an arrow selects
// its journal entry, and the journal's current row is highlighted in the diagram.
struct LivePanels {
    ListenersPanel* listeners = nullptr;
    DescriptorsPanel* descriptors = nullptr;
    PortsPanel* ports = nullptr;
    SequencePanel* sequence = nullptr;

    static LivePanels build(EngineBridge& bridge, SocketsPanel& sockets, JournalPanel& journal,
                            QWidget* parent);
};
