/** NetFlow v1, v5 and v7: fixed header and fixed 48/52-byte records (Cisco's layouts). */
package org.flowsec.decode.legacy;
