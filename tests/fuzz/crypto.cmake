# IKEv2 crypto suite: proposal strings (configuration), SK payload decryption and
# the peer-controlled values the suite parses (KE data, AUTH encodings, CERT data).
set(ike_crypto_fuzz ${CMAKE_CURRENT_LIST_DIR}/ike_crypto)
ravelin_add_fuzz_target(ike_crypto_proposal ${ike_crypto_fuzz}/proposal_fuzz.cpp
                        CORPUS ${ike_crypto_fuzz}/proposal_corpus LIBS ravelin_ike_crypto)
ravelin_add_fuzz_target(ike_crypto_sk ${ike_crypto_fuzz}/sk_fuzz.cpp
                        CORPUS ${ike_crypto_fuzz}/sk_corpus LIBS ravelin_ike_crypto)
ravelin_add_fuzz_target(ike_crypto_peer ${ike_crypto_fuzz}/peer_fuzz.cpp
                        CORPUS ${ike_crypto_fuzz}/peer_corpus LIBS ravelin_ike_crypto)
