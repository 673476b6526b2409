#include "alerts/alert.h"
