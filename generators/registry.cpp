#include "generators/generator.h"
