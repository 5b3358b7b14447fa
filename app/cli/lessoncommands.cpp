#include "app/cli/clicommands.h"

#include <ostream>

namespace cli {

int runCommand(Args, std::ostream&, std::ostream& err)
{
    err << "sockscope-cli run: not available yet\n";
    return 2;
}

int codegenCommand(Args, std::ostream&, std::ostream& err)
{
    err << "sockscope-cli codegen: not available yet\n";
    return 2;
}

} // namespace cli
