// The declaration of libFuzzer's driver for Swift; SwiftPM wants a source file in a C target.
#include "CLibFuzzer.h"
