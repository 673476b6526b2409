// Being written (issue 3).
#include <gtest/gtest.h>
