# End to end (issue 8): traffic through tunnels between strongSwan 5.9 and Ravelin
# (ravelin-ike + ravelin-dp on net_af_packet ports), and between two Ravelins.
# Each case: ping both ways, then a TCP transfer each way with SHA-256 compared.
set(tunnel_mb 100)
foreach(role initiator responder)
  ravelin_add_integration_test(interop.tunnel.strongswan.aes128gcm16.ipv4.${role} tunnel/strongswan_peer.sh
                               aes128gcm16 ${role} 4 ${tunnel_mb})
  ravelin_add_integration_test(interop.tunnel.strongswan.aes128_sha256.ipv4.${role} tunnel/strongswan_peer.sh
                               aes128-sha256 ${role} 4 ${tunnel_mb})
  # IPv6 inner traffic (fd00:1::/64 <-> fd00:2::/64) in an IPv4 outer tunnel.
  ravelin_add_integration_test(interop.tunnel.strongswan.aes128gcm16.ipv6.${role} tunnel/strongswan_peer.sh
                               aes128gcm16 ${role} 6 ${tunnel_mb})
  ravelin_add_integration_test(interop.tunnel.strongswan.aes128_sha256.ipv6.${role} tunnel/strongswan_peer.sh
                               aes128-sha256 ${role} 6 ${tunnel_mb})
  # IPv6 outer addresses (IKE and ESP-in-UDP between fd99::1 and fd99::2), inner IPv4 and IPv6;
  # the hosts at MTU 1500, so TCP learns the tunnel's from ICMP (path MTU discovery).
  foreach(family 4 6)
    ravelin_add_integration_test(interop.tunnel.strongswan.aes128gcm16.ipv${family}_over_ipv6.${role}
                                 tunnel/strongswan_peer.sh aes128gcm16 ${role} ${family} ${tunnel_mb} 6 1500)
  endforeach()
endforeach()
ravelin_add_integration_test(interop.tunnel.restarts tunnel/restarts.sh)
foreach(family 4 6)
  ravelin_add_integration_test(interop.tunnel.two_ravelins.aes128gcm16.ipv${family} tunnel/two_ravelins.sh
                               aes128gcm16 ${family} ${tunnel_mb})
  ravelin_add_integration_test(interop.tunnel.two_ravelins.aes128_sha256.ipv${family} tunnel/two_ravelins.sh
                               aes128-sha256 ${family} ${tunnel_mb})
endforeach()
# Plain ESP over IPv6 between two Ravelins (inner IPv4).
ravelin_add_integration_test(interop.tunnel.two_ravelins.aes128gcm16.ipv4_over_ipv6 tunnel/two_ravelins.sh
                             aes128gcm16 4 ${tunnel_mb} 6)
# Issues 6 and 8: a UDP stream each way across repeated Child SA and IKE SA rekeys
# begun by both ends, counted on both hosts; zero datagrams lost.
ravelin_add_integration_test(interop.tunnel.rekey_under_traffic tunnel/rekey_under_traffic.sh 800 36)
