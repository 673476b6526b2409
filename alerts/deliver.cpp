#include "alerts/deliver.h"
