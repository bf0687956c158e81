# `cmake --install` gives a CMake package, TrtcConformance, for client teams that test their
# C++ client in-process (examples/in-process-client/, docs/gating.md):
#   find_package(TrtcConformance REQUIRED)
#   target_link_libraries(my_test PRIVATE trtc::conformance_main)  # main(): the whole suite
#   trtc::harness (runner, reports, gate, reference client), trtc::mocks (gMock matchers)
# plus the trtc-harness and trtc-refclient tools and the scenarios.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

add_library(trtc_harness INTERFACE)
target_link_libraries(trtc_harness INTERFACE trtc_scenario trtc_gate trtc_report trtc_reference_client trtc_adapter
                                             trtc_client trtc_catalog)

# Every library in the link closure is exported; `trtc_x` is `trtc::x`.
set(_trtc_exported
    trtc_options trtc_common trtc_boost_url trtc_catalog trtc_usersig trtc_ratelimit trtc_clock trtc_journal trtc_wire trtc_service
    trtc_faults trtc_stun trtc_sdp trtc_webrtc trtc_asio trtc_servers trtc_client trtc_behaviour trtc_reference_client_logic trtc_reference_client_net
    trtc_reference_client trtc_mocks trtc_scenario_files trtc_scenario trtc_report trtc_known_failures trtc_gate trtc_adapter
    trtc_conformance_suite trtc_conformance_main trtc_harness)
foreach(target IN LISTS _trtc_exported)
  string(REGEX REPLACE "^trtc_" "" name ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
endforeach()

set(TRTC_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/TrtcConformance)
set(TRTC_INSTALL_SCENARIOS_DIR ${CMAKE_INSTALL_DATADIR}/trtc-conformance/scenarios)
install(TARGETS ${_trtc_exported} EXPORT TrtcConformanceTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS trtc-harness trtc-refclient RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY harness/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/harness FILES_MATCHING PATTERN "*.h")
install(DIRECTORY mocks/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/mocks FILES_MATCHING PATTERN "*.h")
install(DIRECTORY scenarios/ DESTINATION ${TRTC_INSTALL_SCENARIOS_DIR} FILES_MATCHING PATTERN "*.json")
install(EXPORT TrtcConformanceTargets NAMESPACE trtc:: DESTINATION ${TRTC_INSTALL_CMAKEDIR})
configure_package_config_file(cmake/TrtcConformanceConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/TrtcConformanceConfig.cmake
                              INSTALL_DESTINATION ${TRTC_INSTALL_CMAKEDIR} PATH_VARS TRTC_INSTALL_SCENARIOS_DIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/TrtcConformanceConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/TrtcConformanceConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/TrtcConformanceConfigVersion.cmake DESTINATION ${TRTC_INSTALL_CMAKEDIR})
