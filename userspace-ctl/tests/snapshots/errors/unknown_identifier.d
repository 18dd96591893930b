fbt::ksys_read:entry /pdi == 1/ { trace(exename); }
