#include "app/cli/clicommands.h"

#include <ostream>

namespace cli {

int socketsCommand(Args, std::ostream&, std::ostream& err)
{
    err << "sockscope-cli sockets: not available yet\n";
    return 2;
}

} // namespace cli
