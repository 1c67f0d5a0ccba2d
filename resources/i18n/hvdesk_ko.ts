<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="en">
<context>
    <name>Accel</name>
    <message>
        <source>&apos;%1&apos; is running and was left as it is</source>
        <translation>&apos;%1&apos;은(는) 실행 중이어서 그대로 두었습니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has a saved state that only KVM can resume</source>
        <translation>&apos;%1&apos;에는 KVM만 이어서 실행할 수 있는 저장된 상태가 있습니다</translation>
    </message>
    <message>
        <source>Discard its saved state first, then start it with software emulation</source>
        <translation>먼저 저장된 상태를 버린 다음 소프트웨어 에뮬레이션으로 시작하세요</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was not switched to software emulation</source>
        <translation>&apos;%1&apos;을(를) 소프트웨어 에뮬레이션으로 바꾸지 못했습니다</translation>
    </message>
    <message>
        <source>libvirt kept the type &apos;%1&apos;</source>
        <translation>libvirt가 유형 &apos;%1&apos;을(를) 유지했습니다</translation>
    </message>
    <message>
        <source>KVM (hardware-assisted)</source>
        <translation>KVM (하드웨어 지원)</translation>
    </message>
    <message>
        <source>TCG (emulated, slower)</source>
        <translation>TCG (에뮬레이션, 더 느림)</translation>
    </message>
    <message>
        <source>none (libvirt&apos;s test driver)</source>
        <translation>없음 (libvirt 테스트 드라이버)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
</context>
<context>
    <name>Action</name>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Shut down</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>다시 시작</translation>
    </message>
    <message>
        <source>Force off</source>
        <translation>강제 종료</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>재개</translation>
    </message>
    <message>
        <source>Save state</source>
        <translation>상태 저장</translation>
    </message>
    <message>
        <source>Discard saved state</source>
        <translation>저장된 상태 버리기</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Show console</source>
        <translation>콘솔 보기</translation>
    </message>
</context>
<context>
    <name>ActivityPane</name>
    <message>
        <source>Show the last</source>
        <translation>표시 기간</translation>
    </message>
    <message>
        <source>1 min</source>
        <translation>1분</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5분</translation>
    </message>
    <message>
        <source>60 min</source>
        <translation>60분</translation>
    </message>
    <message>
        <source>Show the last {0}</source>
        <translation>최근 {0} 표시</translation>
    </message>
    <message>
        <source>Alt+{0}</source>
        <translation>Alt+{0}</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>디스크</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Select one virtual machine to see its activity.</source>
        <translation>활동을 보려면 가상 머신 하나를 선택하세요.</translation>
    </message>
    <message>
        <source>Measuring &apos;{0}&apos;…</source>
        <translation>&apos;{0}&apos; 측정 중…</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not running: start it to see its activity.</source>
        <translation>&apos;{0}&apos;이(가) 실행 중이 아닙니다. 활동을 보려면 시작하세요.</translation>
    </message>
    <message>
        <source>Guest ({0} vCPUs)</source>
        <translation>게스트 (vCPU {0}개)</translation>
    </message>
    <message>
        <source>Host ({0} CPUs)</source>
        <translation>호스트 (CPU {0}개)</translation>
    </message>
    <message>
        <source>Allocated</source>
        <translation>할당됨</translation>
    </message>
    <message>
        <source>Balloon</source>
        <translation>벌룬</translation>
    </message>
    <message>
        <source>Used by guest</source>
        <translation>게스트 사용량</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>읽기</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>쓰기</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>받음</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>보냄</translation>
    </message>
    <message>
        <source>No figures yet</source>
        <translation>아직 수치가 없습니다</translation>
    </message>
    <message>
        <source>This VM has no disk</source>
        <translation>이 VM에는 디스크가 없습니다</translation>
    </message>
    <message>
        <source>This VM has no network interface</source>
        <translation>이 VM에는 네트워크 인터페이스가 없습니다</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not running; its last figures are shown.</source>
        <translation>&apos;{0}&apos;이(가) 실행 중이 아닙니다. 마지막 수치를 보여 줍니다.</translation>
    </message>
    <message>
        <source>{0} (guest uses {1})</source>
        <translation>{0} (게스트 사용 {1})</translation>
    </message>
    <message>
        <source>CPU {0} of {1} vCPU(s) · memory {2} · disk {3} read, {4} write · network {5} in, {6} out</source>
        <translation>CPU {0} / vCPU {1}개 · 메모리 {2} · 디스크 읽기 {3}, 쓰기 {4} · 네트워크 받음 {5}, 보냄 {6}</translation>
    </message>
</context>
<context>
    <name>AddConnectionDialog</name>
    <message>
        <source>Add Connection</source>
        <translation>연결 추가</translation>
    </message>
    <message>
        <source>This computer, &amp;built in (no libvirt daemon needed)</source>
        <translation>이 컴퓨터, 내장(&amp;B) (libvirt 데몬 필요 없음)</translation>
    </message>
    <message>
        <source>This computer, user &amp;session (qemu:///session)</source>
        <translation>이 컴퓨터, 사용자 세션(&amp;S) (qemu:///session)</translation>
    </message>
    <message>
        <source>This computer, s&amp;ystem (qemu:///system)</source>
        <translation>이 컴퓨터, 시스템(&amp;Y) (qemu:///system)</translation>
    </message>
    <message>
        <source>&amp;Another computer, over SSH</source>
        <translation>다른 컴퓨터, SSH로(&amp;A)</translation>
    </message>
    <message>
        <source>C&amp;ustom URI</source>
        <translation>사용자 지정 URI(&amp;U)</translation>
    </message>
    <message>
        <source>your user name there (optional)</source>
        <translation>그 컴퓨터의 사용자 이름 (선택)</translation>
    </message>
    <message>
        <source>host name or address</source>
        <translation>호스트 이름 또는 주소</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>사용자(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>호스트(&amp;H):</translation>
    </message>
    <message>
        <source>libvirt &amp;instance:</source>
        <translation>libvirt 인스턴스(&amp;I):</translation>
    </message>
    <message>
        <source>e.g. qemu+tls://host/system or test:///default</source>
        <translation>예: qemu+tls://host/system 또는 test:///default</translation>
    </message>
    <message>
        <source>Custom URI</source>
        <translation>사용자 지정 URI</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Enter the host to connect to.</source>
        <translation>연결할 호스트를 입력하세요.</translation>
    </message>
    <message>
        <source>That connection is already in the list.</source>
        <translation>이 연결은 이미 목록에 있습니다.</translation>
    </message>
    <message>
        <source>URI: %1</source>
        <translation>URI: %1</translation>
    </message>
</context>
<context>
    <name>AddDiskDialog</name>
    <message>
        <source>Add Hard Disk</source>
        <translation>하드 디스크 추가</translation>
    </message>
    <message>
        <source>&amp;Create a new disk image (qcow2, grows as used)</source>
        <translation>새 디스크 이미지 만들기(&amp;C) (qcow2, 쓰는 만큼 커짐)</translation>
    </message>
    <message>
        <source>Use an &amp;existing disk image</source>
        <translation>기존 디스크 이미지 사용(&amp;E)</translation>
    </message>
    <message>
        <source>Image file</source>
        <translation>이미지 파일</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>버스</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>파일:</translation>
    </message>
    <message>
        <source>&amp;Size:</source>
        <translation>크기(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Bus:</source>
        <translation>버스(&amp;B):</translation>
    </message>
    <message>
        <source>Disk image</source>
        <translation>디스크 이미지</translation>
    </message>
    <message>
        <source>Give the image&apos;s full path, starting with /</source>
        <translation>/로 시작하는 이미지의 전체 경로를 쓰세요</translation>
    </message>
    <message>
        <source>{0} exists already; choose another name or use it as an existing image</source>
        <translation>{0}이(가) 이미 있습니다. 다른 이름을 고르거나 기존 이미지로 사용하세요</translation>
    </message>
    <message>
        <source>Reading the image…</source>
        <translation>이미지를 읽는 중…</translation>
    </message>
    <message>
        <source>%1 image: the guest sees %2.</source>
        <translation>%1 이미지: 게스트에게는 %2로 보입니다.</translation>
    </message>
    <message>
        <source>Also read these files:</source>
        <translation>다음 파일도 읽기:</translation>
    </message>
</context>
<context>
    <name>Allocation</name>
    <message>
        <source>Could not measure the disks on %1</source>
        <translation>%1의 디스크를 측정하지 못했습니다</translation>
    </message>
    <message>
        <source>Starting &apos;{0}&apos; would allocate {1} of this host&apos;s {2} of memory to running VMs.</source>
        <translation>&apos;{0}&apos;을(를) 시작하면 이 호스트의 메모리 {2} 중 {1}이(가) 실행 중인 VM에 할당됩니다.</translation>
    </message>
    <message>
        <source>Memory over-commit</source>
        <translation>메모리 초과 할당</translation>
    </message>
    <message>
        <source>The guests together could then use more memory than the host has: the host may swap and slow down, or stop a guest when memory runs out.</source>
        <translation>그러면 게스트들이 함께 호스트보다 많은 메모리를 쓸 수 있습니다. 호스트가 스왑을 쓰며 느려지거나, 메모리가 모자랄 때 게스트를 멈출 수 있습니다.</translation>
    </message>
    <message>
        <source>Start Anyway</source>
        <translation>그래도 시작</translation>
    </message>
    <message>
        <source>{0}: {1} of {2} allocated to running VMs ({3:.0f} %)</source>
        <translation>{0}: {2} 중 {1}이(가) 실행 중인 VM에 할당됨 ({3:.0f} %)</translation>
    </message>
    <message>
        <source>over-committed by {0}</source>
        <translation>{0}만큼 초과 할당됨</translation>
    </message>
    <message>
        <source>{0}: {1} ({2:.0f} % of the host)</source>
        <translation>{0}: {1} (호스트의 {2:.0f} %)</translation>
    </message>
    <message>
        <source>host: {0}</source>
        <translation>호스트: {0}</translation>
    </message>
</context>
<context>
    <name>AllocationWindow</name>
    <message>
        <source>VM</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>디스크</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>용량</translation>
    </message>
    <message>
        <source>Used on host</source>
        <translation>호스트 사용량</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>위치</translation>
    </message>
    <message>
        <source>Free there</source>
        <translation>남은 공간</translation>
    </message>
    <message>
        <source>Host Allocation — hvdesk</source>
        <translation>호스트 할당 — hvdesk</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Disk allocation</source>
        <translation>디스크 할당</translation>
    </message>
    <message>
        <source>&amp;Measure Again</source>
        <translation>다시 측정(&amp;M)</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>호스트:</translation>
    </message>
    <message>
        <source>&lt;b&gt;Disks&lt;/b&gt; — virtual capacity, space used on the host</source>
        <translation>&lt;b&gt;디스크&lt;/b&gt; — 가상 용량, 호스트에서 쓰는 공간</translation>
    </message>
    <message>
        <source>The host is not connected.</source>
        <translation>호스트가 연결되어 있지 않습니다.</translation>
    </message>
    <message>
        <source>No VM is running on {0}.</source>
        <translation>{0}에서 실행 중인 VM이 없습니다.</translation>
    </message>
    <message>
        <source>Memory is over-committed: the running VMs may use more than the host has.</source>
        <translation>메모리가 초과 할당되었습니다. 실행 중인 VM이 호스트보다 많은 메모리를 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>vCPUs are over-committed: the VMs share the host&apos;s {0} CPUs.</source>
        <translation>vCPU가 초과 할당되었습니다. VM들이 호스트의 CPU {0}개를 나눠 씁니다.</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>측정 중…</translation>
    </message>
    <message>
        <source>Could not measure the disks</source>
        <translation>디스크를 측정하지 못했습니다</translation>
    </message>
    <message>
        <source>No VM on this host has a disk image.</source>
        <translation>이 호스트에는 디스크 이미지가 있는 VM이 없습니다.</translation>
    </message>
</context>
<context>
    <name>CloneDialog</name>
    <message>
        <source>Clone &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos; 복제</translation>
    </message>
    <message>
        <source>Name of the clone</source>
        <translation>복제본 이름</translation>
    </message>
    <message>
        <source>&amp;Full clone: copies of every writable disk</source>
        <translation>전체 복제(&amp;F): 쓰기 가능한 모든 디스크를 복사</translation>
    </message>
    <message>
        <source>&amp;Linked clone: small overlays on this VM&apos;s disks, which stay frozen</source>
        <translation>연결된 복제(&amp;L): 이 VM의 디스크 위에 작은 오버레이, 원래 디스크는 고정됨</translation>
    </message>
    <message>
        <source>MAC address policy</source>
        <translation>MAC 주소 정책</translation>
    </message>
    <message>
        <source>Generate new MAC addresses (recommended)</source>
        <translation>새 MAC 주소 만들기 (권장)</translation>
    </message>
    <message>
        <source>Keep the MAC addresses (only one may run at a time)</source>
        <translation>MAC 주소 유지 (한 번에 하나만 실행 가능)</translation>
    </message>
    <message>
        <source>Copied: {disks}</source>
        <translation>복사됨: {disks}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Shared as they are: {disks}</source>
        <translation>그대로 공유됨: {disks}</translation>
    </message>
    <message>
        <source>Clone progress</source>
        <translation>복제 진행률</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>종류:</translation>
    </message>
    <message>
        <source>&amp;MAC addresses:</source>
        <translation>MAC 주소(&amp;M):</translation>
    </message>
    <message>
        <source>Disks:</source>
        <translation>디스크:</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>Could not clone</source>
        <translation>복제하지 못했습니다</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>ConfirmDeleteSnapshot</name>
    <message>
        <source>Delete Snapshot</source>
        <translation>스냅샷 삭제</translation>
    </message>
    <message>
        <source>Delete the snapshot &apos;{name}&apos;? You can no longer go back to it. Its children ({children}) are kept: what they build on is merged into them. The VM&apos;s current state does not change.</source>
        <translation>스냅샷 &apos;{name}&apos;을(를) 삭제할까요? 더 이상 그 상태로 돌아갈 수 없습니다. 하위 스냅샷({children})은 유지되며, 그것들이 바탕으로 하는 내용은 하위 스냅샷에 합쳐집니다. VM의 현재 상태는 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>Delete the snapshot &apos;{name}&apos;? You can no longer go back to it. The VM&apos;s current state does not change.</source>
        <translation>스냅샷 &apos;{name}&apos;을(를) 삭제할까요? 더 이상 그 상태로 돌아갈 수 없습니다. VM의 현재 상태는 바뀌지 않습니다.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>a connection error</source>
        <translation>연결 오류</translation>
    </message>
    <message>
        <source>the other end closed it</source>
        <translation>상대편이 연결을 닫음</translation>
    </message>
    <message>
        <source>the host stopped answering</source>
        <translation>호스트가 응답을 멈춤</translation>
    </message>
    <message>
        <source>it was closed here</source>
        <translation>이쪽에서 닫음</translation>
    </message>
    <message>
        <source>Connection lost (%1); reconnecting, attempt %2</source>
        <translation>연결이 끊어졌습니다 (%1). 다시 연결하는 중, %2번째 시도</translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation>%1에 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <source>Connect to it first</source>
        <translation>먼저 연결하세요</translation>
    </message>
    <message>
        <source>the connection broke during a call</source>
        <translation>호출 도중 연결이 끊어짐</translation>
    </message>
    <message>
        <source>Connecting to %1 was cancelled</source>
        <translation>%1 연결이 취소되었습니다</translation>
    </message>
    <message>
        <source>Could not read the VMs of %1</source>
        <translation>%1의 VM을 읽지 못했습니다</translation>
    </message>
    <message>
        <source>Could not connect to %1</source>
        <translation>%1에 연결하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not find out whether %1 offers KVM</source>
        <translation>%1에서 KVM을 쓸 수 있는지 알아내지 못했습니다</translation>
    </message>
    <message>
        <source>The host accepted the connection but did not answer within %1 seconds</source>
        <translation>호스트가 연결을 받았지만 %1초 안에 응답하지 않았습니다</translation>
    </message>
    <message>
        <source>Check that libvirt is running there and the network is up</source>
        <translation>그곳에서 libvirt가 실행 중이고 네트워크가 동작하는지 확인하세요</translation>
    </message>
    <message>
        <source>Could not prepare %1</source>
        <translation>%1을(를) 준비하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not re-read the VMs</source>
        <translation>VM을 다시 읽지 못했습니다</translation>
    </message>
    <message>
        <source>Could not read the state of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 상태를 읽지 못했습니다</translation>
    </message>
    <message>
        <source>It is shown as it was; the other VMs are up to date</source>
        <translation>이전 상태로 표시됩니다. 다른 VM은 최신 상태입니다</translation>
    </message>
    <message>
        <source>Could not follow a change of a VM</source>
        <translation>VM의 변경을 따라가지 못했습니다</translation>
    </message>
    <message>
        <source>an unknown reason</source>
        <translation>알 수 없는 이유</translation>
    </message>
    <message>
        <source>Could not follow libvirt&apos;s news</source>
        <translation>libvirt의 알림을 따라가지 못했습니다</translation>
    </message>
    <message>
        <source>Lost the connection to %1</source>
        <translation>%1와(과)의 연결이 끊어졌습니다</translation>
    </message>
</context>
<context>
    <name>ConnectionState</name>
    <message>
        <source>Not connected</source>
        <translation>연결 안 됨</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting…</source>
        <translation>연결 끊김, 다시 연결하는 중…</translation>
    </message>
    <message>
        <source>Could not connect</source>
        <translation>연결하지 못함</translation>
    </message>
</context>
<context>
    <name>ConsoleDock</name>
    <message>
        <source>Detach</source>
        <translation>분리</translation>
    </message>
    <message>
        <source>Move this console into a window of its own</source>
        <translation>이 콘솔을 별도의 창으로 옮깁니다</translation>
    </message>
    <message>
        <source>Close console</source>
        <translation>콘솔 닫기</translation>
    </message>
    <message>
        <source>No console is docked here.

Open a running VM&apos;s console and choose “Dock in main window” to show it in this tab.</source>
        <translation>여기에 도킹된 콘솔이 없습니다.

실행 중인 VM의 콘솔을 열고 “메인 창에 도킹”을 선택하면 이 탭에 표시됩니다.</translation>
    </message>
</context>
<context>
    <name>ConsoleSession</name>
    <message>
        <source>VM is off</source>
        <translation>VM이 꺼져 있습니다</translation>
    </message>
    <message>
        <source>VM no longer exists</source>
        <translation>VM이 더 이상 없습니다</translation>
    </message>
    <message>
        <source>It was deleted.</source>
        <translation>삭제되었습니다.</translation>
    </message>
    <message>
        <source>Not connected to %1</source>
        <translation>%1에 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <source>Connect to %1 to see the screen of &apos;%2&apos;.</source>
        <translation>&apos;%2&apos;의 화면을 보려면 %1에 연결하세요.</translation>
    </message>
    <message>
        <source>Start &apos;%1&apos; to see its screen (its state is saved).</source>
        <translation>화면을 보려면 &apos;%1&apos;을(를) 시작하세요 (상태가 저장되어 있습니다).</translation>
    </message>
    <message>
        <source>Start &apos;%1&apos; to see its screen.</source>
        <translation>화면을 보려면 &apos;%1&apos;을(를) 시작하세요.</translation>
    </message>
    <message>
        <source>%1. The console reconnects when the host is back.</source>
        <translation>%1. 호스트가 돌아오면 콘솔이 다시 연결됩니다.</translation>
    </message>
    <message>
        <source>VM is paused</source>
        <translation>VM이 일시 정지되었습니다</translation>
    </message>
    <message>
        <source>Resume it to use it.</source>
        <translation>사용하려면 재개하세요.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>연결 중…</translation>
    </message>
    <message>
        <source>The last attempt failed: %1</source>
        <translation>마지막 시도가 실패했습니다: %1</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>연결 실패: %1</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>연결 실패</translation>
    </message>
    <message>
        <source>The display connection was lost: %1</source>
        <translation>디스플레이 연결이 끊어졌습니다: %1</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>다시 연결 중…</translation>
    </message>
    <message>
        <source>%1 Trying again in %2.</source>
        <translation>%1 %2 후에 다시 시도합니다.</translation>
    </message>
    <message>
        <source>The VM&apos;s display closed the connection.</source>
        <translation>VM의 디스플레이가 연결을 닫았습니다.</translation>
    </message>
    <message>
        <source>1 second</source>
        <translation>1초</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1초</translation>
    </message>
    <message>
        <source>The VM&apos;s display has no port yet</source>
        <translation>VM의 디스플레이에 아직 포트가 없습니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; names no host</source>
        <translation>&apos;%1&apos;에는 호스트 이름이 없습니다</translation>
    </message>
    <message>
        <source>The display listens on a UNIX socket on %1</source>
        <translation>디스플레이가 %1의 UNIX 소켓에서 대기합니다</translation>
    </message>
    <message>
        <source>%1 is a file on that machine</source>
        <translation>%1은(는) 그 컴퓨터에 있는 파일입니다</translation>
    </message>
    <message>
        <source>Only an SSH connection (qemu+ssh://) can reach it</source>
        <translation>SSH 연결(qemu+ssh://)로만 닿을 수 있습니다</translation>
    </message>
    <message>
        <source>The display listens on the loopback address of %1 (%2)</source>
        <translation>디스플레이가 %1의 루프백 주소(%2)에서 대기합니다</translation>
    </message>
    <message>
        <source>Only programs on that machine can reach it</source>
        <translation>그 컴퓨터의 프로그램만 닿을 수 있습니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no VNC display</source>
        <translation>&apos;%1&apos;에는 VNC 디스플레이가 없습니다</translation>
    </message>
    <message>
        <source>Could not reach the display of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 디스플레이에 닿지 못했습니다</translation>
    </message>
</context>
<context>
    <name>ConsoleView</name>
    <message>
        <source>Reconnect</source>
        <translation>다시 연결</translation>
    </message>
    <message>
        <source>Scale to fit</source>
        <translation>창에 맞추기</translation>
    </message>
    <message>
        <source>Show the whole screen, scaled to the window</source>
        <translation>창 크기에 맞춰 화면 전체를 보여 줍니다</translation>
    </message>
    <message>
        <source>One guest pixel per screen pixel, with scroll bars</source>
        <translation>게스트 픽셀 하나를 화면 픽셀 하나로, 스크롤 막대와 함께</translation>
    </message>
    <message>
        <source>Resize guest to window</source>
        <translation>게스트 해상도를 창에 맞추기</translation>
    </message>
    <message>
        <source>Ask the guest to change its resolution to the window&apos;s size</source>
        <translation>게스트에게 해상도를 창 크기로 바꾸도록 요청합니다</translation>
    </message>
    <message>
        <source>Send key</source>
        <translation>키 보내기</translation>
    </message>
    <message>
        <source>Ctrl+Alt+F1…F12</source>
        <translation>Ctrl+Alt+F1…F12</translation>
    </message>
    <message>
        <source>Host key (releases the keyboard)</source>
        <translation>호스트 키 (키보드 해제)</translation>
    </message>
    <message>
        <source>Screenshot…</source>
        <translation>스크린샷…</translation>
    </message>
    <message>
        <source>Save the VM&apos;s screen as a PNG image</source>
        <translation>VM 화면을 PNG 이미지로 저장합니다</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy the text the guest last put on its clipboard</source>
        <translation>게스트가 마지막으로 클립보드에 넣은 텍스트를 복사합니다</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>Send this computer&apos;s clipboard text to the guest&apos;s clipboard</source>
        <translation>이 컴퓨터의 클립보드 텍스트를 게스트의 클립보드로 보냅니다</translation>
    </message>
    <message>
        <source>Eject CD/DVD</source>
        <translation>CD/DVD 꺼내기</translation>
    </message>
    <message>
        <source>Take the installation disc out, e.g. after the first boot</source>
        <translation>설치 디스크를 꺼냅니다 (예: 첫 부팅 후)</translation>
    </message>
    <message>
        <source>Type clipboard text</source>
        <translation>클립보드 텍스트 입력</translation>
    </message>
    <message>
        <source>Type this computer&apos;s clipboard text into the guest</source>
        <translation>이 컴퓨터의 클립보드 텍스트를 게스트에 입력합니다</translation>
    </message>
    <message>
        <source>Share clipboard</source>
        <translation>클립보드 공유</translation>
    </message>
    <message>
        <source>Let this VM put text on this computer&apos;s clipboard while its console has the focus (remembered for this VM)</source>
        <translation>콘솔에 포커스가 있는 동안 이 VM이 이 컴퓨터의 클립보드에 텍스트를 넣게 합니다 (이 VM에 대해 기억됨)</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>콘솔</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>지금 다시 연결</translation>
    </message>
    <message>
        <source>Keyboard and mouse captured — press %1 to release</source>
        <translation>키보드와 마우스를 잡았습니다 — 해제하려면 %1 키를 누르세요</translation>
    </message>
    <message>
        <source>Keyboard captured — click to capture the mouse, %1 releases</source>
        <translation>키보드를 잡았습니다 — 클릭하면 마우스도 잡고, %1 키로 해제합니다</translation>
    </message>
    <message>
        <source>Keyboard captured — press %1 to release</source>
        <translation>키보드를 잡았습니다 — 해제하려면 %1 키를 누르세요</translation>
    </message>
    <message>
        <source>Click the screen to type into the VM</source>
        <translation>VM에 입력하려면 화면을 클릭하세요</translation>
    </message>
    <message>
        <source>Caps</source>
        <translation>Caps</translation>
    </message>
    <message>
        <source>Num</source>
        <translation>Num</translation>
    </message>
    <message>
        <source>Scroll</source>
        <translation>Scroll</translation>
    </message>
    <message>
        <source>Disc ejected</source>
        <translation>디스크를 꺼냈습니다</translation>
    </message>
    <message>
        <source>Sent %1</source>
        <translation>%1 보냄</translation>
    </message>
    <message>
        <source>The guest set the clipboard at %1</source>
        <translation>게스트가 %1에 클립보드를 설정했습니다</translation>
    </message>
    <message>
        <source>The guest put %1 characters on this computer&apos;s clipboard.</source>
        <translation>게스트가 이 컴퓨터의 클립보드에 %1자를 넣었습니다.</translation>
    </message>
    <message>
        <source>Copied the guest&apos;s clipboard text</source>
        <translation>게스트의 클립보드 텍스트를 복사했습니다</translation>
    </message>
    <message>
        <source>Sent the clipboard text to the guest&apos;s clipboard</source>
        <translation>클립보드 텍스트를 게스트의 클립보드로 보냈습니다</translation>
    </message>
    <message>
        <source>Typed 1 character</source>
        <translation>1글자를 입력했습니다</translation>
    </message>
    <message>
        <source>Typed %1 characters</source>
        <translation>%1글자를 입력했습니다</translation>
    </message>
    <message>
        <source>Save Screenshot</source>
        <translation>스크린샷 저장</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>There is no screen to save yet</source>
        <translation>아직 저장할 화면이 없습니다</translation>
    </message>
    <message>
        <source>Could not save the screenshot to %1: %2</source>
        <translation>스크린샷을 %1에 저장하지 못했습니다: %2</translation>
    </message>
    <message>
        <source>Screenshot saved to %1</source>
        <translation>스크린샷을 %1에 저장했습니다</translation>
    </message>
</context>
<context>
    <name>ConsoleWidget</name>
    <message>
        <source>VM screen</source>
        <translation>VM 화면</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>%1 — Console</source>
        <translation>%1 — 콘솔</translation>
    </message>
    <message>
        <source>Fullscreen</source>
        <translation>전체 화면</translation>
    </message>
    <message>
        <source>Full screen (F11; Host key+F while captured)</source>
        <translation>전체 화면 (F11, 입력을 잡은 동안에는 호스트 키+F)</translation>
    </message>
    <message>
        <source>Dock in main window</source>
        <translation>메인 창에 도킹</translation>
    </message>
    <message>
        <source>Show this console in the manager window&apos;s Console tab</source>
        <translation>이 콘솔을 관리자 창의 콘솔 탭에 표시합니다</translation>
    </message>
    <message>
        <source>Leave fullscreen</source>
        <translation>전체 화면 끝내기</translation>
    </message>
    <message>
        <source>Send key</source>
        <translation>키 보내기</translation>
    </message>
    <message>
        <source>Release keyboard</source>
        <translation>키보드 해제</translation>
    </message>
</context>
<context>
    <name>CreateLauncherDialog</name>
    <message>
        <source>Create Launcher</source>
        <translation>실행기 만들기</translation>
    </message>
    <message>
        <source>A launcher starts “%1” and opens its console with one click, from the applications menu.</source>
        <translation>실행기는 응용 프로그램 메뉴에서 한 번의 클릭으로 “%1”을(를) 시작하고 콘솔을 엽니다.</translation>
    </message>
    <message>
        <source>Also put it on the &amp;Desktop</source>
        <translation>바탕 화면에도 두기(&amp;D)</translation>
    </message>
    <message>
        <source>Also put the launcher on the Desktop</source>
        <translation>실행기를 바탕 화면에도 두기</translation>
    </message>
    <message>
        <source>C&amp;reate</source>
        <translation>만들기(&amp;R)</translation>
    </message>
</context>
<context>
    <name>DeleteDialog</name>
    <message>
        <source>Delete Virtual Machine</source>
        <translation>가상 머신 삭제</translation>
    </message>
    <message>
        <source>Delete Virtual Machines</source>
        <translation>가상 머신 삭제</translation>
    </message>
    <message>
        <source>Delete %1? Its settings and snapshots are removed for good.</source>
        <translation>%1을(를) 삭제할까요? 설정과 스냅샷이 영구히 지워집니다.</translation>
    </message>
    <message>
        <source>Delete %1 VMs (%2)? Their settings and snapshots are removed for good.</source>
        <translation>VM %1개(%2)를 삭제할까요? 설정과 스냅샷이 영구히 지워집니다.</translation>
    </message>
    <message>
        <source>Checking which disks other VMs are built on…</source>
        <translation>다른 VM이 기반으로 삼는 디스크를 확인하는 중…</translation>
    </message>
    <message>
        <source>Also delete 1 disk image</source>
        <translation>디스크 이미지 1개도 삭제</translation>
    </message>
    <message>
        <source>Also delete %1 disk images</source>
        <translation>디스크 이미지 %1개도 삭제</translation>
    </message>
    <message>
        <source>%1 — used by %2</source>
        <translation>%1 — %2에서 사용 중</translation>
    </message>
    <message>
        <source>%1 (a base image below the disk) — used by %2</source>
        <translation>%1 (디스크 아래의 기본 이미지) — %2이(가) 사용 중</translation>
    </message>
    <message>
        <source>Kept because other VMs use them:</source>
        <translation>다른 VM이 사용하므로 남겨 둡니다:</translation>
    </message>
    <message>
        <source>Checking for snapshots…</source>
        <translation>스냅샷을 확인하는 중…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Snapshots of &apos;%1&apos; that will be lost: %2</source>
        <translation>잃게 될 &apos;%1&apos;의 스냅샷: %2</translation>
    </message>
    <message>
        <source>Could not list the snapshots of %1.</source>
        <translation>%1의 스냅샷 목록을 읽지 못했습니다.</translation>
    </message>
</context>
<context>
    <name>Details</name>
    <message>
        <source>UNIX socket %1</source>
        <translation>UNIX 소켓 %1</translation>
    </message>
    <message>
        <source>UNIX socket</source>
        <translation>UNIX 소켓</translation>
    </message>
    <message>
        <source>automatic port on %1</source>
        <translation>%1의 자동 포트</translation>
    </message>
    <message>
        <source>CD/DVD</source>
        <translation>CD/DVD</translation>
    </message>
    <message>
        <source>Floppy</source>
        <translation>플로피</translation>
    </message>
    <message>
        <source>%1, %2 used</source>
        <translation>%1, %2 사용</translation>
    </message>
    <message>
        <source>measuring…</source>
        <translation>측정 중…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>Not specified</source>
        <translation>지정 안 됨</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>그룹</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Processors</source>
        <translation>프로세서</translation>
    </message>
    <message>
        <source>%1 vCPU</source>
        <translation>vCPU %1개</translation>
    </message>
    <message>
        <source>%1 vCPUs</source>
        <translation>vCPU %1개</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>머신</translation>
    </message>
    <message>
        <source>default</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>Acceleration</source>
        <translation>가속</translation>
    </message>
    <message>
        <source>%1 when started</source>
        <translation>%1 (시작할 때)</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>디스크</translation>
    </message>
    <message>
        <source>No disks</source>
        <translation>디스크 없음</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>어댑터</translation>
    </message>
    <message>
        <source>%1 NIC, %2, MAC %3</source>
        <translation>%1 NIC, %2, MAC %3</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Not attached</source>
        <translation>연결 안 됨</translation>
    </message>
    <message>
        <source>Remote display</source>
        <translation>원격 디스플레이</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%2의 %1</translation>
    </message>
    <message>
        <source>No display</source>
        <translation>디스플레이 없음</translation>
    </message>
    <message>
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>디스플레이</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>저장소</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Pending changes</source>
        <translation>대기 중인 변경</translation>
    </message>
    <message>
        <source>At next boot</source>
        <translation>다음 부팅 때</translation>
    </message>
    <message>
        <source>KVM available (hardware-assisted)</source>
        <translation>KVM 사용 가능 (하드웨어 지원)</translation>
    </message>
    <message>
        <source>TCG only (software emulation, slower)</source>
        <translation>TCG만 가능 (소프트웨어 에뮬레이션, 더 느림)</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>확인 중…</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>주소</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Host name</source>
        <translation>호스트 이름</translation>
    </message>
    <message>
        <source>New VMs use</source>
        <translation>새 VM의 가속</translation>
    </message>
    <message>
        <source>Virtual machines</source>
        <translation>가상 머신</translation>
    </message>
    <message>
        <source>%1 (%2 running)</source>
        <translation>%1개 (%2개 실행 중)</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>선택됨</translation>
    </message>
    <message>
        <source>%1 VMs, %2 running</source>
        <translation>VM %1개, %2개 실행 중</translation>
    </message>
    <message>
        <source>vCPUs in total</source>
        <translation>vCPU 합계</translation>
    </message>
    <message>
        <source>Memory in total</source>
        <translation>메모리 합계</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>선택</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>Details</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <source>Select a virtual machine to see its details.</source>
        <translation>세부 정보를 보려면 가상 머신을 선택하세요.</translation>
    </message>
    <message>
        <source>No virtual machines yet. Create one with &lt;b&gt;New&lt;/b&gt; (Ctrl+N), or drop an installer ISO or a disk image on this window.</source>
        <translation>아직 가상 머신이 없습니다. &lt;b&gt;새로 만들기&lt;/b&gt;(Ctrl+N)로 만들거나, 설치 ISO나 디스크 이미지를 이 창에 끌어다 놓으세요.</translation>
    </message>
</context>
<context>
    <name>DiskUsage</name>
    <message>
        <source>%1 is the disk of &apos;%2&apos;: convert a copy instead, or choose another image.</source>
        <translation>%1은(는) &apos;%2&apos;의 디스크입니다: 대신 사본을 변환하거나 다른 이미지를 고르세요.</translation>
    </message>
    <message>
        <source>%1 is a base image other VMs are built on (&apos;%2&apos;): writing to it would corrupt their disks. Convert a copy instead, or choose another image.</source>
        <translation>%1은(는) 다른 VM(&apos;%2&apos;)이 기반으로 삼는 기본 이미지입니다: 여기에 쓰면 그 디스크가 손상됩니다. 대신 사본을 변환하거나 다른 이미지를 고르세요.</translation>
    </message>
    <message>
        <source>%1 is built on %2, which &apos;%3&apos; writes to: the image would change under this VM. Convert a copy instead, or choose another image.</source>
        <translation>%1은(는) &apos;%3&apos;이(가) 쓰는 %2 위에 만들어져 있습니다: 이 VM 아래에서 이미지가 바뀌게 됩니다. 대신 사본을 변환하거나 다른 이미지를 고르세요.</translation>
    </message>
</context>
<context>
    <name>DisplayPage</name>
    <message>
        <source>Display</source>
        <translation>디스플레이</translation>
    </message>
    <message>
        <source>Video model</source>
        <translation>비디오 모델</translation>
    </message>
    <message>
        <source>Enable the VNC display</source>
        <translation>VNC 디스플레이 사용</translation>
    </message>
    <message>
        <source>VNC listens on</source>
        <translation>VNC 대기 위치</translation>
    </message>
    <message>
        <source>A UNIX socket (this machine only)</source>
        <translation>UNIX 소켓 (이 컴퓨터에서만)</translation>
    </message>
    <message>
        <source>Loopback 127.0.0.1 (reach it through SSH)</source>
        <translation>루프백 127.0.0.1 (SSH를 거쳐 접근)</translation>
    </message>
    <message>
        <source>VNC password</source>
        <translation>VNC 암호</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>&amp;Video model:</source>
        <translation>비디오 모델(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>대기 위치(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>암호(&amp;P):</translation>
    </message>
    <message>
        <source>hvdesk never opens VNC on a network address. Changes to the display apply at the next boot.</source>
        <translation>hvdesk는 네트워크 주소에 VNC를 열지 않습니다. 디스플레이 변경은 다음 부팅 때 적용됩니다.</translation>
    </message>
</context>
<context>
    <name>DomainXml</name>
    <message>
        <source>The XML is not well-formed</source>
        <translation>XML 형식이 올바르지 않습니다</translation>
    </message>
    <message>
        <source>line %1, column %2: %3</source>
        <translation>%1행 %2열: %3</translation>
    </message>
    <message>
        <source>Correct the XML at that place</source>
        <translation>그 위치의 XML을 고치세요</translation>
    </message>
    <message>
        <source>This is not a domain definition</source>
        <translation>도메인 정의가 아닙니다</translation>
    </message>
    <message>
        <source>the root is &lt;%1&gt;</source>
        <translation>루트가 &lt;%1&gt;입니다</translation>
    </message>
    <message>
        <source>Disk %1</source>
        <translation>디스크 %1</translation>
    </message>
    <message>
        <source>Network adapter %1</source>
        <translation>네트워크 어댑터 %1</translation>
    </message>
    <message>
        <source>A title must be one line</source>
        <translation>제목은 한 줄이어야 합니다</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>The memory sizes do not fit</source>
        <translation>메모리 크기가 맞지 않습니다</translation>
    </message>
    <message>
        <source>%1 KiB current with %2 KiB maximum</source>
        <translation>현재 %1 KiB, 최대 %2 KiB</translation>
    </message>
    <message>
        <source>The current memory must be more than 0 and at most the maximum</source>
        <translation>현재 메모리는 0보다 크고 최대 메모리 이하여야 합니다</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>%1 vCPUs cannot start when the most is %2</source>
        <translation>최대가 %2개일 때 vCPU %1개로 시작할 수 없습니다</translation>
    </message>
    <message>
        <source>Virtual CPUs</source>
        <translation>가상 CPU</translation>
    </message>
    <message>
        <source>CPU topology</source>
        <translation>CPU 토폴로지</translation>
    </message>
    <message>
        <source>The CPU topology does not match the vCPU count</source>
        <translation>CPU 토폴로지가 vCPU 수와 맞지 않습니다</translation>
    </message>
    <message>
        <source>%1 sockets × %2 cores × %3 threads is not %4</source>
        <translation>소켓 %1 × 코어 %2 × 스레드 %3은(는) %4이(가) 아닙니다</translation>
    </message>
    <message>
        <source>Make sockets × cores × threads equal the maximum number of vCPUs</source>
        <translation>소켓 × 코어 × 스레드가 최대 vCPU 수와 같도록 하세요</translation>
    </message>
    <message>
        <source>Unknown firmware &apos;%1&apos;</source>
        <translation>알 수 없는 펌웨어 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>Machine type</source>
        <translation>머신 유형</translation>
    </message>
    <message>
        <source>This VM has no boot order to change</source>
        <translation>이 VM에는 바꿀 부팅 순서가 없습니다</translation>
    </message>
    <message>
        <source>It is started by the bootloader %1</source>
        <translation>부트로더 %1(으)로 시작됩니다</translation>
    </message>
    <message>
        <source>Change its &lt;bootloader&gt; in the XML tab instead</source>
        <translation>대신 XML 탭에서 &lt;bootloader&gt;를 바꾸세요</translation>
    </message>
    <message>
        <source>Cannot boot from %1</source>
        <translation>%1에서 부팅할 수 없습니다</translation>
    </message>
    <message>
        <source>Choose at least one boot device</source>
        <translation>부팅 장치를 하나 이상 고르세요</translation>
    </message>
    <message>
        <source>Boot order</source>
        <translation>부팅 순서</translation>
    </message>
    <message>
        <source>Unknown video model &apos;%1&apos;</source>
        <translation>알 수 없는 비디오 모델 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>비디오</translation>
    </message>
    <message>
        <source>Remote display</source>
        <translation>원격 디스플레이</translation>
    </message>
    <message>
        <source>Unknown VNC listen mode &apos;%1&apos;</source>
        <translation>알 수 없는 VNC 대기 방식 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>The VNC password is too long</source>
        <translation>VNC 암호가 너무 깁니다</translation>
    </message>
    <message>
        <source>VNC uses at most 8 characters</source>
        <translation>VNC는 최대 8자까지 씁니다</translation>
    </message>
    <message>
        <source>This VM has no disk %1</source>
        <translation>이 VM에는 디스크 %1이(가) 없습니다</translation>
    </message>
    <message>
        <source>No free disk name is left on this bus</source>
        <translation>이 버스에는 남은 디스크 이름이 없습니다</translation>
    </message>
    <message>
        <source>Unknown disk bus &apos;%1&apos;</source>
        <translation>알 수 없는 디스크 버스 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Unknown cache mode &apos;%1&apos;</source>
        <translation>알 수 없는 캐시 모드 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1 is not a removable-media drive</source>
        <translation>%1은(는) 이동식 미디어 드라이브가 아닙니다</translation>
    </message>
    <message>
        <source>This VM has no network adapter with MAC %1</source>
        <translation>이 VM에는 MAC이 %1인 네트워크 어댑터가 없습니다</translation>
    </message>
    <message>
        <source>Unknown network kind &apos;%1&apos;</source>
        <translation>알 수 없는 네트워크 종류 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Unknown network adapter model &apos;%1&apos;</source>
        <translation>알 수 없는 네트워크 어댑터 모델 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>bridge</source>
        <translation>브리지</translation>
    </message>
    <message>
        <source>Network adapters</source>
        <translation>네트워크 어댑터</translation>
    </message>
    <message>
        <source>Serial console</source>
        <translation>직렬 콘솔</translation>
    </message>
    <message>
        <source>USB device %1:%2 is already passed through</source>
        <translation>USB 장치 %1:%2은(는) 이미 연결되어 있습니다</translation>
    </message>
    <message>
        <source>USB device %1:%2</source>
        <translation>USB 장치 %1:%2</translation>
    </message>
    <message>
        <source>USB device %1:%2 is not passed through</source>
        <translation>USB 장치 %1:%2은(는) 연결되어 있지 않습니다</translation>
    </message>
    <message>
        <source>A shared folder needs an absolute path on the host</source>
        <translation>공유 폴더에는 호스트의 절대 경로가 필요합니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; cannot be a mount tag</source>
        <translation>&apos;%1&apos;은(는) 마운트 태그로 쓸 수 없습니다</translation>
    </message>
    <message>
        <source>Use up to 36 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;</source>
        <translation>글자, 숫자, &apos;.&apos;, &apos;_&apos;, &apos;-&apos;를 최대 36자까지 쓰세요</translation>
    </message>
    <message>
        <source>The mount tag &apos;%1&apos; is already used</source>
        <translation>마운트 태그 &apos;%1&apos;은(는) 이미 쓰이고 있습니다</translation>
    </message>
    <message>
        <source>Shared folder %1</source>
        <translation>공유 폴더 %1</translation>
    </message>
    <message>
        <source>No shared folder has the mount tag &apos;%1&apos;</source>
        <translation>마운트 태그가 &apos;%1&apos;인 공유 폴더가 없습니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a MAC address</source>
        <translation>&apos;%1&apos;은(는) MAC 주소가 아닙니다</translation>
    </message>
    <message>
        <source>Write six pairs of hex digits, e.g. 52:54:00:12:34:56</source>
        <translation>16진수 두 자리 여섯 쌍으로 쓰세요. 예: 52:54:00:12:34:56</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is a multicast address</source>
        <translation>&apos;%1&apos;은(는) 멀티캐스트 주소입니다</translation>
    </message>
    <message>
        <source>The first byte must be even, e.g. 52:54:00:…</source>
        <translation>첫 바이트는 짝수여야 합니다. 예: 52:54:00:…</translation>
    </message>
    <message>
        <source>Choose a %1 for this network adapter</source>
        <translation>이 네트워크 어댑터의 %1을(를) 선택하세요</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Another program (probably another hvdesk) uses this built-in connection; close it</source>
        <translation>다른 프로그램(아마 다른 hvdesk)이 이 내장 연결을 사용하고 있습니다. 그 프로그램을 닫으세요</translation>
    </message>
    <message>
        <source>One hvdesk process can use one built-in connection folder; restart to switch</source>
        <translation>hvdesk 프로세스 하나는 내장 연결 폴더 하나만 쓸 수 있습니다. 바꾸려면 다시 시작하세요</translation>
    </message>
    <message>
        <source>This address asks for a TLS connection, which needs libvirt&apos;s certificates; for a host over SSH write qemu+ssh://user@host/system</source>
        <translation>이 주소는 libvirt 인증서가 필요한 TLS 연결을 요청합니다. SSH로 호스트에 연결하려면 qemu+ssh://user@host/system 형식으로 입력하세요</translation>
    </message>
    <message>
        <source>A file this VM needs is missing; check the paths of its disks and media</source>
        <translation>이 VM에 필요한 파일이 없습니다. 디스크와 미디어의 경로를 확인하세요</translation>
    </message>
    <message>
        <source>Check that the file is readable and writable by the user running QEMU</source>
        <translation>QEMU를 실행하는 사용자가 파일을 읽고 쓸 수 있는지 확인하세요</translation>
    </message>
    <message>
        <source>Check that the libvirt daemon is running there and accepts connections</source>
        <translation>그곳에서 libvirt 데몬이 실행 중이며 연결을 받는지 확인하세요</translation>
    </message>
    <message>
        <source>Check the user name and that your SSH key or password is accepted</source>
        <translation>사용자 이름과 SSH 키 또는 암호가 받아들여지는지 확인하세요</translation>
    </message>
    <message>
        <source>It may have been deleted by another program; the list has been refreshed</source>
        <translation>다른 프로그램이 삭제했을 수 있습니다. 목록을 새로 고쳤습니다</translation>
    </message>
    <message>
        <source>The VM is not in a state that allows this; wait for its state to settle</source>
        <translation>VM이 이 작업을 할 수 있는 상태가 아닙니다. 상태가 안정될 때까지 기다리세요</translation>
    </message>
    <message>
        <source>Check the connection address</source>
        <translation>연결 주소를 확인하세요</translation>
    </message>
    <message>
        <source>This connection&apos;s driver does not offer it</source>
        <translation>이 연결의 드라이버는 이 기능을 제공하지 않습니다</translation>
    </message>
    <message>
        <source>Start with software emulation (TCG)</source>
        <translation>소프트웨어 에뮬레이션(TCG)으로 시작</translation>
    </message>
    <message>
        <source>this computer offers hardware virtualisation (KVM) but cannot use it, often because it is itself a virtual machine</source>
        <translation>이 컴퓨터는 하드웨어 가상화(KVM)를 제공하지만 사용할 수 없습니다. 이 컴퓨터 자체가 가상 머신인 경우가 많습니다</translation>
    </message>
    <message>
        <source>the host %1 offers hardware virtualisation (KVM) but cannot use it, often because it is itself a virtual machine</source>
        <translation>호스트 %1은(는) 하드웨어 가상화(KVM)를 제공하지만 사용할 수 없습니다. 그 호스트 자체가 가상 머신인 경우가 많습니다</translation>
    </message>
    <message>
        <source>QEMU cannot use hardware virtualisation (KVM) on this computer</source>
        <translation>QEMU가 이 컴퓨터에서 하드웨어 가상화(KVM)를 사용할 수 없습니다</translation>
    </message>
    <message>
        <source>QEMU cannot use hardware virtualisation (KVM) on the host %1</source>
        <translation>QEMU가 호스트 %1에서 하드웨어 가상화(KVM)를 사용할 수 없습니다</translation>
    </message>
    <message>
        <source>Software emulation (TCG) runs a VM without KVM, only slower</source>
        <translation>소프트웨어 에뮬레이션(TCG)은 KVM 없이 VM을 실행합니다. 다만 더 느립니다</translation>
    </message>
</context>
<context>
    <name>Firmware</name>
    <message>
        <source>Direct kernel boot</source>
        <translation>커널 직접 부팅</translation>
    </message>
    <message>
        <source>UEFI with Secure Boot</source>
        <translation>보안 부팅을 쓰는 UEFI</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <source>a short line shown next to the name</source>
        <translation>이름 옆에 보이는 짧은 한 줄</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>Start this VM when the host starts</source>
        <translation>호스트가 시작할 때 이 VM 시작</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>제목(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>설명(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;Operating system:</source>
        <translation>운영 체제(&amp;O):</translation>
    </message>
    <message>
        <source>Not specified</source>
        <translation>지정 안 됨</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <source>Move to Group</source>
        <translation>그룹으로 이동</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>그룹 이름</translation>
    </message>
    <message>
        <source>No group</source>
        <translation>그룹 없음</translation>
    </message>
    <message numerus="yes">
        <source>Move %n VM(s) to the group (leave empty for no group):</source>
        <translation>
            <numerusform>VM %n개를 옮길 그룹 (그룹에서 빼려면 비워 두세요):</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>그룹(&amp;G):</translation>
    </message>
</context>
<context>
    <name>Headless</name>
    <message>
        <source>hvdesk: To start it with software emulation, choose &quot;%1&quot; in hvdesk&apos;s window (hvdesk --start %2 shows it there). hvdesk then remembers that KVM does not work on this host, for the command line too.</source>
        <translation>hvdesk: 소프트웨어 에뮬레이션으로 시작하려면 hvdesk 창에서 &quot;%1&quot;을(를) 고르세요 (hvdesk --start %2가 창에 보여 줍니다). 그러면 hvdesk는 이 호스트에서 KVM이 동작하지 않는다는 것을 명령줄에서도 기억합니다.</translation>
    </message>
</context>
<context>
    <name>Hints</name>
    <message>
        <source>Start the VM first</source>
        <translation>먼저 VM을 시작하세요</translation>
    </message>
    <message>
        <source>Check the connection address</source>
        <translation>연결 주소를 확인하세요</translation>
    </message>
    <message>
        <source>Add one in its settings</source>
        <translation>VM 설정에서 추가하세요</translation>
    </message>
    <message>
        <source>Some of it could not be removed: %1</source>
        <translation>일부를 지우지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Nothing was left behind</source>
        <translation>남은 것은 없습니다</translation>
    </message>
    <message>
        <source>Choose the operating system from the list</source>
        <translation>목록에서 운영 체제를 선택하세요</translation>
    </message>
    <message>
        <source>Write it as qemu+ssh://user@host/system</source>
        <translation>qemu+ssh://user@host/system 형식으로 쓰세요</translation>
    </message>
    <message>
        <source>hvdesk uses SSH keys and the SSH agent only, never password prompts: check the user name and that your key is in the far host&apos;s authorized_keys; name a key with ?keyfile=/path/to/key in the connection address</source>
        <translation>hvdesk는 SSH 키와 SSH 에이전트만 쓰며 암호를 묻지 않습니다. 사용자 이름과 키가 원격 호스트의 authorized_keys에 있는지 확인하세요. 연결 주소에 ?keyfile=/path/to/key로 키를 지정할 수 있습니다</translation>
    </message>
    <message>
        <source>Connect once with ssh from a terminal to check and accept the key, or add ?no_verify=1 to the connection address</source>
        <translation>터미널에서 ssh로 한 번 연결하여 키를 확인하고 받아들이거나, 연결 주소에 ?no_verify=1을 추가하세요</translation>
    </message>
    <message>
        <source>Check the host name</source>
        <translation>호스트 이름을 확인하세요</translation>
    </message>
    <message>
        <source>Its sshd_config must allow AllowTcpForwarding (or AllowStreamLocalForwarding for socket displays)</source>
        <translation>그 호스트의 sshd_config에서 AllowTcpForwarding(소켓 디스플레이는 AllowStreamLocalForwarding)을 허용해야 합니다</translation>
    </message>
    <message>
        <source>Check that the VM is running; the socket must exist and be usable by %1</source>
        <translation>VM이 실행 중인지 확인하세요. 소켓이 있어야 하고 %1이(가) 쓸 수 있어야 합니다</translation>
    </message>
    <message>
        <source>the SSH user</source>
        <translation>SSH 사용자</translation>
    </message>
    <message>
        <source>Check that the VM is running and its display is enabled</source>
        <translation>VM이 실행 중이고 디스플레이가 켜져 있는지 확인하세요</translation>
    </message>
    <message>
        <source>Check that sshd runs there and the port in the connection address</source>
        <translation>그곳에서 sshd가 실행 중인지, 연결 주소의 포트가 맞는지 확인하세요</translation>
    </message>
    <message>
        <source>Check the network and the host name</source>
        <translation>네트워크와 호스트 이름을 확인하세요</translation>
    </message>
    <message>
        <source>Install it (the openssh-client package) to reach displays on remote hosts</source>
        <translation>원격 호스트의 디스플레이에 닿으려면 openssh-client 패키지를 설치하세요</translation>
    </message>
    <message>
        <source>Check the network and that the VM is running</source>
        <translation>네트워크와 VM이 실행 중인지 확인하세요</translation>
    </message>
    <message>
        <source>Check the network</source>
        <translation>네트워크를 확인하세요</translation>
    </message>
    <message>
        <source>Install the qemu-utils (or qemu-img) package</source>
        <translation>qemu-utils(또는 qemu-img) 패키지를 설치하세요</translation>
    </message>
    <message>
        <source>Write it as qemu:///embed?root=/a/dir</source>
        <translation>qemu:///embed?root=/a/dir 형식으로 쓰세요</translation>
    </message>
</context>
<context>
    <name>HostFacts</name>
    <message>
        <source>User-mode NAT (the guest reaches out; nothing reaches in)</source>
        <translation>사용자 모드 NAT (게스트는 밖으로 나갈 수 있고, 밖에서는 들어올 수 없음)</translation>
    </message>
    <message>
        <source>Virtual network &apos;%1&apos;</source>
        <translation>가상 네트워크 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Bridge %1</source>
        <translation>브리지 %1</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>브리지</translation>
    </message>
    <message>
        <source>No network</source>
        <translation>네트워크 없음</translation>
    </message>
    <message>
        <source>Could not read what %1 offers</source>
        <translation>%1이(가) 제공하는 것을 읽지 못했습니다</translation>
    </message>
</context>
<context>
    <name>HostKeys</name>
    <message>
        <source>Right Ctrl</source>
        <translation>오른쪽 Ctrl</translation>
    </message>
    <message>
        <source>Right Alt</source>
        <translation>오른쪽 Alt</translation>
    </message>
    <message>
        <source>Right Super</source>
        <translation>오른쪽 Super</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>메뉴 키</translation>
    </message>
    <message>
        <source>Scroll Lock</source>
        <translation>Scroll Lock</translation>
    </message>
</context>
<context>
    <name>ImageChain</name>
    <message>
        <source>%1 also reads other files: %2. hvdesk reads no file you were not shown: tick “Also read these files” only if you trust them, or choose another image.</source>
        <translation>%1은(는) 다른 파일도 읽습니다: %2. hvdesk는 보여 드리지 않은 파일은 읽지 않습니다: 믿을 수 있을 때만 “다음 파일도 읽기”를 체크하거나, 다른 이미지를 고르세요.</translation>
    </message>
    <message>
        <source>%1 changed since you chose it (it now reads: %2): choose it again to see what it holds now.</source>
        <translation>%1이(가) 고른 뒤에 바뀌었습니다 (이제 읽는 파일: %2): 지금 내용을 보려면 다시 고르세요.</translation>
    </message>
    <message>
        <source>no other file</source>
        <translation>다른 파일 없음</translation>
    </message>
    <message>
        <source>%1 of %2: %3 (%4, the guest sees %5)</source>
        <translation>%2의 %1: %3 (%4, 게스트에게는 %5)</translation>
    </message>
    <message>
        <source>%1 of %2: %3</source>
        <translation>%2의 %1: %3</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1바이트</translation>
    </message>
    <message>
        <source>hvdesk will not use %1</source>
        <translation>hvdesk는 %1을(를) 사용하지 않습니다</translation>
    </message>
    <message>
        <source>Choose another image, or make a self-contained copy yourself if you know where it came from</source>
        <translation>다른 이미지를 고르거나, 출처를 안다면 직접 자체 완결된 사본을 만드세요</translation>
    </message>
    <message>
        <source>Its chain has more than %1 layers</source>
        <translation>체인의 계층이 %1개를 넘습니다</translation>
    </message>
    <message>
        <source>It names more than %1 other files</source>
        <translation>다른 파일을 %1개 넘게 가리킵니다</translation>
    </message>
    <message>
        <source>Its chain loops: %1 is named twice</source>
        <translation>체인이 순환합니다: %1이(가) 두 번 나옵니다</translation>
    </message>
    <message>
        <source>Could not read %1</source>
        <translation>%1을(를) 읽지 못했습니다</translation>
    </message>
    <message>
        <source>It is not a file (a pipe, a device or a folder)</source>
        <translation>파일이 아닙니다 (파이프, 장치 또는 폴더)</translation>
    </message>
    <message>
        <source>qemu-img&apos;s description of it is too long</source>
        <translation>qemu-img의 설명이 너무 깁니다</translation>
    </message>
    <message>
        <source>%1 is a %2 image, which hvdesk does not read</source>
        <translation>%1은(는) %2 이미지이며, hvdesk는 이 형식을 읽지 않습니다</translation>
    </message>
    <message>
        <source>Could not read the format of %1</source>
        <translation>%1의 형식을 읽지 못했습니다</translation>
    </message>
    <message>
        <source>%1 names &apos;%2&apos; as its %3: QEMU would open that as a network address or driver options, not as a file</source>
        <translation>%1은(는) &apos;%2&apos;을(를) %3(으)로 가리킵니다: QEMU는 이를 파일이 아닌 네트워크 주소나 드라이버 옵션으로 엽니다</translation>
    </message>
    <message>
        <source>%1 names %2 as its %3, which cannot be read (%4)</source>
        <translation>%1은(는) %2을(를) %3(으)로 가리키지만 읽을 수 없습니다 (%4)</translation>
    </message>
    <message>
        <source>%1 names %2 as its %3, which is not a regular file (a pipe, a device or a folder)</source>
        <translation>%1은(는) %2을(를) %3(으)로 가리키지만 일반 파일이 아닙니다 (파이프, 장치 또는 폴더)</translation>
    </message>
    <message>
        <source>QEMU reads %1 as an extent of %2, which hvdesk did not find in it</source>
        <translation>QEMU는 %1을(를) %2의 익스텐트로 읽지만, hvdesk는 그 안에서 찾지 못했습니다</translation>
    </message>
    <message>
        <source>%1 names its data file by a relative path (&apos;%2&apos;), which QEMU looks for in whatever folder it runs in</source>
        <translation>%1은(는) 데이터 파일을 상대 경로(&apos;%2&apos;)로 가리킵니다. QEMU는 자신이 실행되는 폴더에서 이를 찾습니다</translation>
    </message>
    <message>
        <source>%1 names %2 as its backing file in the %3 format</source>
        <translation>%1은(는) %2을(를) %3 형식의 백킹 파일로 가리킵니다</translation>
    </message>
    <message>
        <source>Could not read %1 on %2</source>
        <translation>%2에서 %1을(를) 읽지 못했습니다</translation>
    </message>
    <message>
        <source>On that host %1 is in no storage pool, so nothing can tell its format; put it in a pool&apos;s folder and refresh the pool (%2)</source>
        <translation>그 호스트에서 %1은(는) 어떤 저장소 풀에도 없어 형식을 알 수 없습니다: 풀의 폴더에 넣고 풀을 새로 고치세요 (%2)</translation>
    </message>
    <message>
        <source>The host does not say the format of %1</source>
        <translation>호스트가 %1의 형식을 알려 주지 않습니다</translation>
    </message>
    <message>
        <source>%1 names &apos;%2&apos; as its backing file: QEMU would open that as a network address or driver options, not as a file</source>
        <translation>%1은(는) &apos;%2&apos;을(를) 백킹 파일로 가리킵니다: QEMU는 이를 파일이 아닌 네트워크 주소나 드라이버 옵션으로 엽니다</translation>
    </message>
</context>
<context>
    <name>KeyCombo</name>
    <message>
        <source>Print Screen</source>
        <translation>Print Screen (화면 인쇄)</translation>
    </message>
    <message>
        <source>Alt+Print Screen</source>
        <translation>Alt+Print Screen</translation>
    </message>
    <message>
        <source>Super (Windows key)</source>
        <translation>Super (Windows 키)</translation>
    </message>
    <message>
        <source>Escape</source>
        <translation>Esc</translation>
    </message>
</context>
<context>
    <name>Launchers</name>
    <message>
        <source>Start the virtual machine “%1” with hvdesk</source>
        <translation>hvdesk로 가상 머신 “%1” 시작</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>Start Headless</source>
        <translation>화면 없이 시작</translation>
    </message>
    <message>
        <source>Show Console</source>
        <translation>콘솔 보기</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Could not create a launcher for &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 실행기를 만들지 못했습니다</translation>
    </message>
    <message>
        <source>Check that %1 is writable</source>
        <translation>%1에 쓸 수 있는지 확인하세요</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Could not start &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not start %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개를 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not shut down &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 종료하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not shut down %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개를 종료하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not reboot &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 다시 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not reboot %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개를 다시 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not force off &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 강제 종료하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not force off %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개를 강제 종료하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not pause &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 일시 정지하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not pause %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개를 일시 정지하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not resume &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 재개하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not resume %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개를 재개하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not save the state of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 상태를 저장하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not save the state of %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개의 상태를 저장하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not discard the saved state of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 저장된 상태를 버리지 못했습니다</translation>
    </message>
    <message>
        <source>Could not discard the saved state of %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개의 저장된 상태를 버리지 못했습니다</translation>
    </message>
    <message>
        <source>Filter by name or group  (Ctrl+F)</source>
        <translation>이름이나 그룹으로 거르기  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter virtual machines</source>
        <translation>가상 머신 거르기</translation>
    </message>
    <message>
        <source>Virtual machines</source>
        <translation>가상 머신</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>세부 정보</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>콘솔</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>스냅샷</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>활동</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>새로 만들기…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <source>Add Connection…</source>
        <translation>연결 추가…</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>연결 끊기</translation>
    </message>
    <message>
        <source>Remove Connection</source>
        <translation>연결 제거</translation>
    </message>
    <message>
        <source>Create &amp;Launcher…</source>
        <translation>실행기 만들기(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>&amp;Machine</source>
        <translation>머신(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation>거르기…</translation>
    </message>
    <message>
        <source>Overview of Running VMs</source>
        <translation>실행 중인 VM 개요</translation>
    </message>
    <message>
        <source>Host Allocation</source>
        <translation>호스트 할당</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>설정(&amp;S)</translation>
    </message>
    <message>
        <source>Acceleration for Virtual Machines</source>
        <translation>가상 머신 가속</translation>
    </message>
    <message>
        <source>Hardware (KVM) when available</source>
        <translation>가능하면 하드웨어(KVM)</translation>
    </message>
    <message>
        <source>Always emulate (TCG)</source>
        <translation>항상 에뮬레이션(TCG)</translation>
    </message>
    <message>
        <source>Set by the HVDESK_ACCEL environment variable</source>
        <translation>HVDESK_ACCEL 환경 변수로 정해짐</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>환경 설정(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>About hvdesk</source>
        <translation>hvdesk 정보</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>머신</translation>
    </message>
    <message>
        <source>Could not connect to %1</source>
        <translation>%1에 연결하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not disconnect from %1</source>
        <translation>%1와(과)의 연결을 끊지 못했습니다</translation>
    </message>
    <message>
        <source>Could not remove %1</source>
        <translation>%1을(를) 제거하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not measure the disks of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 디스크를 측정하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not read the settings of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 설정을 읽지 못했습니다</translation>
    </message>
    <message>
        <source>Virtual machines: %1 — %2 running, %3 paused</source>
        <translation>가상 머신: %1개 — %2개 실행 중, %3개 일시 정지됨</translation>
    </message>
    <message>
        <source>Virtual machines: %1 — %2 running</source>
        <translation>가상 머신: %1개 — %2개 실행 중</translation>
    </message>
    <message>
        <source>The VM is no longer there</source>
        <translation>VM이 더 이상 없습니다</translation>
    </message>
    <message>
        <source>It may have been deleted or its host disconnected</source>
        <translation>삭제되었거나 호스트 연결이 끊겼을 수 있습니다</translation>
    </message>
    <message>
        <source>Could not start %1 of %2 VMs with software emulation</source>
        <translation>VM %2개 중 %1개를 소프트웨어 에뮬레이션으로 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not start %1 with software emulation</source>
        <translation>%1을(를) 소프트웨어 에뮬레이션으로 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was deleted, but some disks were not</source>
        <translation>&apos;%1&apos;은(는) 삭제되었지만 일부 디스크는 삭제되지 않았습니다</translation>
    </message>
    <message>
        <source>Could not delete %1 of %2 VMs</source>
        <translation>VM %2개 중 %1개를 삭제하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not delete &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 삭제하지 못했습니다</translation>
    </message>
    <message>
        <source>hvdesk %1
Virtual machines on your desktop, through libvirt and QEMU.</source>
        <translation>hvdesk %1
libvirt와 QEMU로 데스크톱에서 쓰는 가상 머신.</translation>
    </message>
    <message>
        <source>No VM can be created yet</source>
        <translation>아직 VM을 만들 수 없습니다</translation>
    </message>
    <message>
        <source>No connection is open</source>
        <translation>열린 연결이 없습니다</translation>
    </message>
    <message>
        <source>Connect to a host first (File → Add Connection)</source>
        <translation>먼저 호스트에 연결하세요 (파일 → 연결 추가)</translation>
    </message>
    <message>
        <source>Started %1 with software emulation (TCG); the change is saved. KVM does not work on %2: new VMs there use TCG, and KVM VMs there switch to TCG when they start. Settings → Preferences lets you try KVM again.</source>
        <translation>%1을(를) 소프트웨어 에뮬레이션(TCG)으로 시작했습니다. 변경 사항은 저장되었습니다. %2에서는 KVM이 동작하지 않으므로 그곳의 새 VM은 TCG를 쓰고, 그곳의 KVM VM은 시작할 때 TCG로 바뀝니다. 설정 → 환경 설정에서 KVM을 다시 시도할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Dismiss message</source>
        <translation>메시지 닫기</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Network adapters</source>
        <translation>네트워크 어댑터</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC 주소</translation>
    </message>
    <message>
        <source>Attached to</source>
        <translation>연결 대상</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <source>&amp;Add Adapter</source>
        <translation>어댑터 추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove Adapter</source>
        <translation>어댑터 제거(&amp;R)</translation>
    </message>
    <message>
        <source>User-mode NAT</source>
        <translation>사용자 모드 NAT</translation>
    </message>
    <message>
        <source>Virtual network</source>
        <translation>가상 네트워크</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>브리지</translation>
    </message>
    <message>
        <source>Network or bridge</source>
        <translation>네트워크 또는 브리지</translation>
    </message>
    <message>
        <source>Adapter model</source>
        <translation>어댑터 모델</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>생성(&amp;G)</translation>
    </message>
    <message>
        <source>Attached &amp;to:</source>
        <translation>연결 대상(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>모델(&amp;M):</translation>
    </message>
    <message>
        <source>M&amp;AC address:</source>
        <translation>MAC 주소(&amp;A):</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>default</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>bridge name, e.g. br0</source>
        <translation>브리지 이름, 예: br0</translation>
    </message>
    <message>
        <source>Two network adapters have the same MAC address</source>
        <translation>두 네트워크 어댑터의 MAC 주소가 같습니다</translation>
    </message>
</context>
<context>
    <name>NewVm</name>
    <message>
        <source>Enter a name for the virtual machine.</source>
        <translation>가상 머신의 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>A name cannot contain &apos;/&apos;.</source>
        <translation>이름에는 &apos;/&apos;를 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>A name cannot contain control characters such as tabs or line breaks.</source>
        <translation>이름에는 탭이나 줄 바꿈 같은 제어 문자를 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>A name cannot start or end with a space.</source>
        <translation>이름은 공백으로 시작하거나 끝날 수 없습니다.</translation>
    </message>
    <message>
        <source>A name cannot start with &apos;.&apos; or &apos;-&apos;.</source>
        <translation>이름은 &apos;.&apos;이나 &apos;-&apos;로 시작할 수 없습니다.</translation>
    </message>
    <message>
        <source>A name can have at most %1 characters.</source>
        <translation>이름은 최대 %1자까지 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>%1 already has a virtual machine named &apos;%2&apos;.</source>
        <translation>%1에 &apos;%2&apos;라는 가상 머신이 이미 있습니다.</translation>
    </message>
    <message>
        <source>Choose the %1.</source>
        <translation>%1을(를) 선택하세요.</translation>
    </message>
    <message>
        <source>Give the full path of the %1 (starting with /).</source>
        <translation>%1의 전체 경로를 쓰세요 (/로 시작).</translation>
    </message>
    <message>
        <source>The %1 %2 does not exist.</source>
        <translation>%1 %2이(가) 없습니다.</translation>
    </message>
    <message>
        <source>The %1 %2 is not a file.</source>
        <translation>%1 %2은(는) 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>The %1 %2 is not readable: check its permissions.</source>
        <translation>%1 %2을(를) 읽을 수 없습니다. 권한을 확인하세요.</translation>
    </message>
    <message>
        <source>Choose the folder for the disk image.</source>
        <translation>디스크 이미지를 둘 폴더를 선택하세요.</translation>
    </message>
    <message>
        <source>Give the full path of the folder (starting with /).</source>
        <translation>폴더의 전체 경로를 쓰세요 (/로 시작).</translation>
    </message>
    <message>
        <source>On another computer, disk images go into a libvirt storage pool: choose the folder of one of its pools.</source>
        <translation>다른 컴퓨터에서는 디스크 이미지가 libvirt 저장소 풀에 들어갑니다. 그 풀 중 하나의 폴더를 선택하세요.</translation>
    </message>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1은(는) 폴더가 아닙니다.</translation>
    </message>
    <message>
        <source>You cannot write in %1: choose another folder.</source>
        <translation>%1에 쓸 수 없습니다. 다른 폴더를 선택하세요.</translation>
    </message>
    <message>
        <source>%1 already exists: choose another name or folder.</source>
        <translation>%1이(가) 이미 있습니다. 다른 이름이나 폴더를 선택하세요.</translation>
    </message>
    <message>
        <source>Only %1 are free in %2; the disk needs %3.</source>
        <translation>%2에 남은 공간은 %1뿐입니다. 디스크에는 %3이(가) 필요합니다.</translation>
    </message>
    <message>
        <source>The disk size must be more than 0 GiB.</source>
        <translation>디스크 크기는 0 GiB보다 커야 합니다.</translation>
    </message>
    <message>
        <source>disk image</source>
        <translation>디스크 이미지</translation>
    </message>
    <message>
        <source>%1 is a %2 image, which hvdesk cannot import (qcow2, raw, VMDK, VDI, VHD and VHDX can).</source>
        <translation>%1은(는) %2 이미지라서 hvdesk가 가져올 수 없습니다 (qcow2, raw, VMDK, VDI, VHD, VHDX는 가능).</translation>
    </message>
    <message>
        <source>%1 is read-only for you; the VM must write to its disk: convert a copy instead.</source>
        <translation>%1은(는) 읽기 전용입니다. VM은 디스크에 써야 하므로 대신 사본을 변환하세요.</translation>
    </message>
    <message>
        <source>Converting an image works on this computer&apos;s connections; on another computer use the image in place.</source>
        <translation>이미지 변환은 이 컴퓨터의 연결에서만 됩니다. 다른 컴퓨터에서는 이미지를 있는 자리에서 사용하세요.</translation>
    </message>
    <message>
        <source>installation ISO</source>
        <translation>설치 ISO</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>initrd</source>
        <translation>initrd</translation>
    </message>
    <message>
        <source>Memory must be more than 0 MiB.</source>
        <translation>메모리는 0 MiB보다 커야 합니다.</translation>
    </message>
    <message>
        <source>The host has only %1 MiB of memory; give the VM less.</source>
        <translation>호스트의 메모리는 %1 MiB뿐입니다. VM에 더 적게 주세요.</translation>
    </message>
    <message>
        <source>A VM needs at least one virtual CPU.</source>
        <translation>VM에는 가상 CPU가 하나 이상 필요합니다.</translation>
    </message>
    <message>
        <source>A VM can have at most %1 virtual CPUs.</source>
        <translation>VM은 가상 CPU를 최대 %1개까지 가질 수 있습니다.</translation>
    </message>
    <message>
        <source>UEFI firmware (OVMF) is not available on this host: choose BIOS, or install the ovmf package there.</source>
        <translation>이 호스트에는 UEFI 펌웨어(OVMF)가 없습니다. BIOS를 선택하거나 그곳에 ovmf 패키지를 설치하세요.</translation>
    </message>
    <message>
        <source>This host&apos;s UEFI firmware has no Secure Boot: choose UEFI.</source>
        <translation>이 호스트의 UEFI 펌웨어에는 보안 부팅이 없습니다. UEFI를 선택하세요.</translation>
    </message>
    <message>
        <source>Enter the name of the host&apos;s bridge (e.g. br0).</source>
        <translation>호스트의 브리지 이름을 입력하세요 (예: br0).</translation>
    </message>
    <message>
        <source>That leaves little memory for the host and its other VMs.</source>
        <translation>그러면 호스트와 다른 VM에 남는 메모리가 적습니다.</translation>
    </message>
    <message>
        <source>%1 needs at least %2 MiB.</source>
        <translation>%1에는 최소 %2 MiB가 필요합니다.</translation>
    </message>
    <message>
        <source>The host has %1 CPUs; more virtual CPUs than that make the VM slower.</source>
        <translation>호스트의 CPU는 %1개입니다. 그보다 많은 가상 CPU는 VM을 더 느리게 합니다.</translation>
    </message>
    <message>
        <source>%1 needs UEFI firmware.</source>
        <translation>%1에는 UEFI 펌웨어가 필요합니다.</translation>
    </message>
    <message>
        <source>Creating &apos;%1&apos; was cancelled</source>
        <translation>&apos;%1&apos; 만들기가 취소되었습니다</translation>
    </message>
    <message>
        <source>Creating the disk image %1</source>
        <translation>디스크 이미지 %1 만드는 중</translation>
    </message>
    <message>
        <source>Reading %1</source>
        <translation>%1 읽는 중</translation>
    </message>
    <message>
        <source>Converting %1</source>
        <translation>%1 변환 중</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was created but could not start</source>
        <translation>&apos;%1&apos;을(를) 만들었지만 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>the VM &apos;%1&apos; is still defined (%2)</source>
        <translation>VM &apos;%1&apos;이(가) 아직 정의되어 있습니다 (%2)</translation>
    </message>
    <message>
        <source>its disk %1 was kept for it</source>
        <translation>그 디스크 %1은(는) 그 VM을 위해 남겨 두었습니다</translation>
    </message>
    <message>
        <source>the disk %1 is still in the pool &apos;%2&apos; (%3)</source>
        <translation>디스크 %1이(가) 아직 풀 &apos;%2&apos;에 있습니다 (%3)</translation>
    </message>
    <message>
        <source>the disk %1 is still there (%2)</source>
        <translation>디스크 %1이(가) 아직 남아 있습니다 (%2)</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 실패: %2</translation>
    </message>
    <message>
        <source>Could not create &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 만들지 못했습니다</translation>
    </message>
    <message>
        <source>Preparing the disk</source>
        <translation>디스크 준비</translation>
    </message>
    <message>
        <source>Defining the VM</source>
        <translation>VM 정의</translation>
    </message>
    <message>
        <source>Starting the VM</source>
        <translation>VM 시작</translation>
    </message>
</context>
<context>
    <name>NewVmWizard</name>
    <message>
        <source>Source</source>
        <translation>원본</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>Name and resources</source>
        <translation>이름과 자원</translation>
    </message>
    <message>
        <source>New virtual machine</source>
        <translation>새 가상 머신</translation>
    </message>
    <message>
        <source>Every setting on one page.</source>
        <translation>모든 설정을 한 페이지에서.</translation>
    </message>
    <message>
        <source>The operating system sets the recommended memory, CPUs and disk size, and which devices the VM gets.</source>
        <translation>운영 체제에 따라 권장 메모리, CPU, 디스크 크기와 VM이 받을 장치가 정해집니다.</translation>
    </message>
    <message>
        <source>Memory and CPUs are taken from the host while the VM runs; the disk image is thin: it uses only what the guest writes.</source>
        <translation>메모리와 CPU는 VM이 실행되는 동안에만 호스트에서 가져옵니다. 디스크 이미지는 씬 방식이라 게스트가 쓴 만큼만 차지합니다.</translation>
    </message>
    <message>
        <source>Install an operating system from an ISO image, start from a disk image you already have, or boot a Linux kernel.</source>
        <translation>ISO 이미지에서 운영 체제를 설치하거나, 이미 있는 디스크 이미지로 시작하거나, 리눅스 커널을 부팅합니다.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Check the settings, then press Create.</source>
        <translation>설정을 확인한 다음 만들기를 누르세요.</translation>
    </message>
    <message>
        <source>New Virtual Machine — %1</source>
        <translation>새 가상 머신 — %1</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>만들기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Expert Mode</source>
        <translation>전문가 모드(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Guided Mode</source>
        <translation>안내 모드(&amp;G)</translation>
    </message>
    <message>
        <source>Choose an installation ISO image.</source>
        <translation>설치 ISO 이미지를 선택하세요.</translation>
    </message>
    <message>
        <source>The list of operating systems is unavailable: %1</source>
        <translation>운영 체제 목록을 쓸 수 없습니다: %1</translation>
    </message>
    <message>
        <source>Choose the operating system the ISO holds.</source>
        <translation>ISO에 담긴 운영 체제를 선택하세요.</translation>
    </message>
    <message>
        <source>Looking at %1…</source>
        <translation>%1 살펴보는 중…</translation>
    </message>
    <message>
        <source>%1 is not in the catalogue: choose the operating system below.</source>
        <translation>%1은(는) 목록에 없습니다. 아래에서 운영 체제를 선택하세요.</translation>
    </message>
    <message>
        <source> live</source>
        <translation> 라이브</translation>
    </message>
    <message>
        <source>Detected from %1: %2 (%3).</source>
        <translation>%1에서 감지함: %2 (%3).</translation>
    </message>
    <message>
        <source>Reading the image…</source>
        <translation>이미지를 읽는 중…</translation>
    </message>
    <message>
        <source>%1 is not a disk image QEMU can read (%2).</source>
        <translation>%1은(는) QEMU가 읽을 수 있는 디스크 이미지가 아닙니다 (%2).</translation>
    </message>
    <message>
        <source>Still reading what the host offers.</source>
        <translation>호스트가 제공하는 것을 아직 읽는 중입니다.</translation>
    </message>
    <message>
        <source>Creating the VM was interrupted.</source>
        <translation>VM 만들기가 중단되었습니다.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>OsGroup</name>
    <message>
        <source>Reading the list of operating systems…</source>
        <translation>운영 체제 목록을 읽는 중…</translation>
    </message>
    <message>
        <source>Search operating systems</source>
        <translation>운영 체제 검색</translation>
    </message>
    <message>
        <source>Search, e.g. debian 11, windows 11, fedora</source>
        <translation>검색, 예: debian 11, windows 11, fedora</translation>
    </message>
    <message>
        <source>Operating systems</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>&amp;Paravirtual devices (virtio): fastest, needs drivers</source>
        <translation>반가상화 장치(&amp;P) (virtio): 가장 빠름, 드라이버 필요</translation>
    </message>
    <message>
        <source>E&amp;mulated devices (SATA disk, Intel network card)</source>
        <translation>에뮬레이션 장치(&amp;M) (SATA 디스크, Intel 네트워크 카드)</translation>
    </message>
    <message>
        <source>Choose the operating system you will install.</source>
        <translation>설치할 운영 체제를 선택하세요.</translation>
    </message>
    <message>
        <source>(support ended %1)</source>
        <translation>(%1년 지원 종료)</translation>
    </message>
</context>
<context>
    <name>OsInfo</name>
    <message>
        <source>Could not read %1</source>
        <translation>%1을(를) 읽지 못했습니다</translation>
    </message>
    <message>
        <source>%1 is not an ISO 9660 image</source>
        <translation>%1은(는) ISO 9660 이미지가 아닙니다</translation>
    </message>
</context>
<context>
    <name>OsProfile</name>
    <message>
        <source>%1 has drivers for paravirtual (virtio) devices: the VM gets the fastest disk and network, made for virtual machines.</source>
        <translation>%1에는 반가상화(virtio) 장치용 드라이버가 있습니다. VM은 가상 머신용으로 만든 가장 빠른 디스크와 네트워크를 받습니다.</translation>
    </message>
    <message>
        <source>%1 gets emulated devices that any operating system drives: a SATA disk and an Intel network card. They work everywhere but are slower than paravirtual (virtio) devices.</source>
        <translation>%1에는 어느 운영 체제나 다룰 수 있는 에뮬레이션 장치(SATA 디스크와 Intel 네트워크 카드)를 줍니다. 어디서나 동작하지만 반가상화(virtio) 장치보다 느립니다.</translation>
    </message>
    <message>
        <source>This OS</source>
        <translation>이 운영 체제</translation>
    </message>
    <message>
        <source>Other or unknown OS</source>
        <translation>기타 또는 알 수 없는 운영 체제</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>호스트</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Disk read</source>
        <translation>디스크 읽기</translation>
    </message>
    <message>
        <source>Disk write</source>
        <translation>디스크 쓰기</translation>
    </message>
    <message>
        <source>Net in</source>
        <translation>네트워크 받음</translation>
    </message>
    <message>
        <source>Net out</source>
        <translation>네트워크 보냄</translation>
    </message>
</context>
<context>
    <name>OverviewWindow</name>
    <message>
        <source>Running VMs — hvdesk</source>
        <translation>실행 중인 VM — hvdesk</translation>
    </message>
    <message>
        <source>Running virtual machines</source>
        <translation>실행 중인 가상 머신</translation>
    </message>
    <message>
        <source>No virtual machine is running.</source>
        <translation>실행 중인 가상 머신이 없습니다.</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Browse for %1</source>
        <translation>%1 찾아보기</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>환경 설정</translation>
    </message>
    <message>
        <source>Connections opened at start</source>
        <translation>시작할 때 여는 연결</translation>
    </message>
    <message>
        <source>e.g. qemu+ssh://user@host/system</source>
        <translation>예: qemu+ssh://user@host/system</translation>
    </message>
    <message>
        <source>Connection address to add</source>
        <translation>추가할 연결 주소</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Resource chart interval in milliseconds</source>
        <translation>자원 차트 간격 (밀리초)</translation>
    </message>
    <message>
        <source>Console host key</source>
        <translation>콘솔 호스트 키</translation>
    </message>
    <message>
        <source>Console scaling</source>
        <translation>콘솔 배율</translation>
    </message>
    <message>
        <source>Scale to fit the window</source>
        <translation>창에 맞추기</translation>
    </message>
    <message>
        <source>Actual size (1:1)</source>
        <translation>실제 크기 (1:1)</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>색 테마</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <source>Resource charts &amp;update every:</source>
        <translation>자원 차트 갱신 간격(&amp;U):</translation>
    </message>
    <message>
        <source>Console &amp;host key:</source>
        <translation>콘솔 호스트 키(&amp;H):</translation>
    </message>
    <message>
        <source>Console &amp;scaling:</source>
        <translation>콘솔 배율(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>테마(&amp;T):</translation>
    </message>
    <message>
        <source>The host key, pressed alone, releases the keyboard and pointer from a console; it is never sent to the guest.</source>
        <translation>호스트 키를 단독으로 누르면 콘솔에서 키보드와 포인터를 해제합니다. 이 키는 게스트로 보내지 않습니다.</translation>
    </message>
    <message>
        <source>Hosts where KVM does not work</source>
        <translation>KVM이 동작하지 않는 호스트</translation>
    </message>
    <message>
        <source>Try &amp;KVM Again</source>
        <translation>KVM 다시 시도(&amp;K)</translation>
    </message>
    <message>
        <source>KVM failed on these hosts and you chose software emulation (TCG): new VMs there use TCG, and KVM VMs there switch to TCG when they start.</source>
        <translation>이 호스트들에서 KVM이 실패하여 소프트웨어 에뮬레이션(TCG)을 고르셨습니다: 그곳의 새 VM은 TCG를 쓰고, 그곳의 KVM VM은 시작할 때 TCG로 바뀝니다.</translation>
    </message>
</context>
<context>
    <name>RefKind</name>
    <message>
        <source>backing file</source>
        <translation>백킹 파일</translation>
    </message>
    <message>
        <source>data file</source>
        <translation>데이터 파일</translation>
    </message>
    <message>
        <source>extent</source>
        <translation>익스텐트</translation>
    </message>
</context>
<context>
    <name>RenameDialog</name>
    <message>
        <source>Rename &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos; 이름 바꾸기</translation>
    </message>
    <message>
        <source>New name</source>
        <translation>새 이름</translation>
    </message>
    <message>
        <source>Disk image files keep their names.</source>
        <translation>디스크 이미지 파일의 이름은 그대로입니다.</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>이름 바꾸기</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>Could not rename</source>
        <translation>이름을 바꾸지 못했습니다</translation>
    </message>
</context>
<context>
    <name>ResourcesGroup</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>Virtual CPUs</source>
        <translation>가상 CPU</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>Create a virtual hard disk</source>
        <translation>가상 하드 디스크 만들기</translation>
    </message>
    <message>
        <source>Disk size</source>
        <translation>디스크 크기</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source>grows as the guest writes</source>
        <translation>게스트가 쓰는 만큼 커집니다</translation>
    </message>
    <message>
        <source>Disk folder</source>
        <translation>디스크 폴더</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>브리지</translation>
    </message>
    <message>
        <source>bridge name, e.g. br0</source>
        <translation>브리지 이름, 예: br0</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>메모리(&amp;M):</translation>
    </message>
    <message>
        <source>&amp;Virtual CPUs:</source>
        <translation>가상 CPU(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Firmware:</source>
        <translation>펌웨어(&amp;F):</translation>
    </message>
    <message>
        <source>Disk &amp;size:</source>
        <translation>디스크 크기(&amp;S):</translation>
    </message>
    <message>
        <source>Disk &amp;folder:</source>
        <translation>디스크 폴더(&amp;F):</translation>
    </message>
    <message>
        <source>Ne&amp;twork:</source>
        <translation>네트워크(&amp;T):</translation>
    </message>
    <message>
        <source>of %1 MiB</source>
        <translation>/ %1 MiB</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>/ %1</translation>
    </message>
    <message>
        <source>This host&apos;s libvirt offers no such firmware</source>
        <translation>이 호스트의 libvirt에는 이 펌웨어가 없습니다</translation>
    </message>
</context>
<context>
    <name>ResourcesPage</name>
    <message>
        <source>Reading what the host offers…</source>
        <translation>호스트가 제공하는 것을 읽는 중…</translation>
    </message>
</context>
<context>
    <name>RevertDialog</name>
    <message>
        <source>Revert to Snapshot</source>
        <translation>스냅샷으로 되돌리기</translation>
    </message>
    <message>
        <source>Revert &apos;{vm}&apos; to the snapshot &apos;{name}&apos;? Its disks, and its memory if the snapshot has it, go back to that moment; what happened since is lost unless you keep it.</source>
        <translation>&apos;{vm}&apos;을(를) 스냅샷 &apos;{name}&apos;(으)로 되돌릴까요? 디스크와, 스냅샷에 들어 있다면 메모리도 그 시점으로 돌아갑니다. 현재 상태를 남겨 두지 않으면 그 뒤에 일어난 일은 사라집니다.</translation>
    </message>
    <message>
        <source>&amp;Keep the current state as the snapshot &apos;{name}&apos; first</source>
        <translation>먼저 현재 상태를 스냅샷 &apos;{name}&apos;(으)로 남겨 두기(&amp;K)</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>되돌리기</translation>
    </message>
</context>
<context>
    <name>RunningVmsTray</name>
    <message>
        <source>No virtual machine is running</source>
        <translation>실행 중인 가상 머신이 없습니다</translation>
    </message>
    <message>
        <source>Show hvdesk</source>
        <translation>hvdesk 보기</translation>
    </message>
    <message>
        <source>hvdesk: %1 running</source>
        <translation>hvdesk: %1개 실행 중</translation>
    </message>
</context>
<context>
    <name>SerialPage</name>
    <message>
        <source>Serial / Console</source>
        <translation>시리얼 / 콘솔</translation>
    </message>
    <message>
        <source>&amp;Serial console (a pseudo-terminal on the host)</source>
        <translation>시리얼 콘솔(&amp;S) (호스트의 가상 터미널)</translation>
    </message>
    <message>
        <source>Linux guests print to it with console=ttyS0; `virsh console` and other terminals attach to it. Removing it removes every serial port.</source>
        <translation>리눅스 게스트는 console=ttyS0으로 여기에 출력하고, `virsh console`과 다른 터미널이 여기에 붙습니다. 없애면 모든 시리얼 포트가 제거됩니다.</translation>
    </message>
</context>
<context>
    <name>SettingsApply</name>
    <message>
        <source>memory to {0} MiB</source>
        <translation>메모리를 {0} MiB로</translation>
    </message>
    <message>
        <source>{0} vCPUs</source>
        <translation>vCPU {0}개</translation>
    </message>
    <message>
        <source>libvirt did not keep these settings as they were set: %1. It may not support them for this VM; the other settings were saved.</source>
        <translation>libvirt가 다음 설정을 지정한 대로 유지하지 않았습니다: %1. 이 VM에서는 지원하지 않을 수 있습니다. 다른 설정은 저장되었습니다.</translation>
    </message>
    <message>
        <source>Autostart was not changed: %1. The settings were saved.</source>
        <translation>자동 시작은 바뀌지 않았습니다: %1. 설정은 저장되었습니다.</translation>
    </message>
    <message>
        <source>Could not read the settings of &apos;{0}&apos;</source>
        <translation>&apos;{0}&apos;의 설정을 읽지 못했습니다</translation>
    </message>
    <message>
        <source>The saved settings were not changed, but the running VM keeps these changes, which could not be taken back: %1</source>
        <translation>저장된 설정은 바뀌지 않았지만, 실행 중인 VM에는 되돌리지 못한 다음 변경이 남아 있습니다: %1</translation>
    </message>
    <message>
        <source>The running VM refused the change of {0}</source>
        <translation>실행 중인 VM이 {0} 변경을 거부했습니다</translation>
    </message>
    <message>
        <source>Nothing was changed; shut the VM down to make this change</source>
        <translation>아무것도 바뀌지 않았습니다. 이 변경을 하려면 VM을 종료하세요</translation>
    </message>
    <message>
        <source>libvirt refused the new settings</source>
        <translation>libvirt가 새 설정을 거부했습니다</translation>
    </message>
    <message>
        <source>The previous settings are kept</source>
        <translation>이전 설정이 유지됩니다</translation>
    </message>
    <message>
        <source>Could not change the settings of &apos;{0}&apos;</source>
        <translation>&apos;{0}&apos;의 설정을 바꾸지 못했습니다</translation>
    </message>
    <message>
        <source>These new images could not be removed: %1</source>
        <translation>다음 새 이미지를 지우지 못했습니다: %1</translation>
    </message>
    <message>
        <source>Disk %1 was not grown: %2. The other settings were saved.</source>
        <translation>디스크 %1을(를) 늘리지 못했습니다: %2. 다른 설정은 저장되었습니다.</translation>
    </message>
    <message>
        <source>Could not resize {0}</source>
        <translation>{0}의 크기를 바꾸지 못했습니다</translation>
    </message>
    <message>
        <source>{0} is not a file on this machine</source>
        <translation>{0}은(는) 이 컴퓨터에 있는 파일이 아닙니다</translation>
    </message>
    <message>
        <source>qemu-img could not resize {0}</source>
        <translation>qemu-img가 {0}의 크기를 바꾸지 못했습니다</translation>
    </message>
    <message>
        <source>Could not read the size of {0}</source>
        <translation>{0}의 크기를 읽지 못했습니다</translation>
    </message>
    <message>
        <source>{0} was not made smaller</source>
        <translation>{0}을(를) 줄이지 않았습니다</translation>
    </message>
    <message>
        <source>Shrinking a disk would cut off the guest&apos;s data</source>
        <translation>디스크를 줄이면 게스트의 데이터가 잘려 나갑니다</translation>
    </message>
    <message>
        <source>Choose a size of at least the current one</source>
        <translation>지금 크기 이상을 선택하세요</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Processors</source>
        <translation>프로세서</translation>
    </message>
    <message>
        <source>Maximum vCPUs</source>
        <translation>최대 vCPU</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>Machine type</source>
        <translation>머신 유형</translation>
    </message>
    <message>
        <source>Boot order</source>
        <translation>부팅 순서</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>비디오</translation>
    </message>
    <message>
        <source>Remote display</source>
        <translation>원격 디스플레이</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>저장소</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Serial console</source>
        <translation>시리얼 콘솔</translation>
    </message>
    <message>
        <source>USB devices</source>
        <translation>USB 장치</translation>
    </message>
    <message>
        <source>Shared folders</source>
        <translation>공유 폴더</translation>
    </message>
    <message>
        <source>removing disk {0}</source>
        <translation>디스크 {0} 제거</translation>
    </message>
    <message>
        <source>adding disk {0}</source>
        <translation>디스크 {0} 추가</translation>
    </message>
    <message>
        <source>the disc in {0}</source>
        <translation>{0}의 디스크</translation>
    </message>
    <message>
        <source>removing network adapter {0}</source>
        <translation>네트워크 어댑터 {0} 제거</translation>
    </message>
    <message>
        <source>adding network adapter {0}</source>
        <translation>네트워크 어댑터 {0} 추가</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Applied to the running VM: {0}.</source>
        <translation>실행 중인 VM에 적용됨: {0}.</translation>
    </message>
    <message>
        <source>At the next boot: {0}.</source>
        <translation>다음 부팅 때: {0}.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>설정을 저장했습니다.</translation>
    </message>
    <message>
        <source>Applied.</source>
        <translation>적용했습니다.</translation>
    </message>
    <message>
        <source>Saved without libvirt&apos;s schema check: libvirt&apos;s own definition of this VM already fails it ({0}).</source>
        <translation>libvirt의 스키마 검사 없이 저장했습니다: 이 VM에 대한 libvirt 자체의 정의가 이미 검사를 통과하지 못합니다 ({0}).</translation>
    </message>
    <message>
        <source>{0} — Settings</source>
        <translation>{0} — 설정</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>항목</translation>
    </message>
    <message>
        <source>Reading the settings…</source>
        <translation>설정을 읽는 중…</translation>
    </message>
    <message>
        <source>Could not read the settings</source>
        <translation>설정을 읽지 못했습니다</translation>
    </message>
    <message>
        <source>The VM is running: memory, vCPUs, discs, disks and network adapters change at once; the rest at the next boot.</source>
        <translation>VM이 실행 중입니다. 메모리, vCPU, 광학 디스크, 디스크, 네트워크 어댑터는 바로 바뀌고 나머지는 다음 부팅 때 바뀝니다.</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>적용하는 중…</translation>
    </message>
    <message>
        <source>Could not change the settings</source>
        <translation>설정을 바꾸지 못했습니다</translation>
    </message>
</context>
<context>
    <name>SharedFoldersPage</name>
    <message>
        <source>Shared folders</source>
        <translation>공유 폴더</translation>
    </message>
    <message>
        <source>Host folder</source>
        <translation>호스트 폴더</translation>
    </message>
    <message>
        <source>Mount tag</source>
        <translation>마운트 태그</translation>
    </message>
    <message>
        <source>/path/on/the/host</source>
        <translation>/호스트의/경로</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>tag</source>
        <translation>태그</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>추가(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>제거(&amp;R)</translation>
    </message>
    <message>
        <source>In a Linux guest: mount -t virtiofs &lt;tag&gt; /mnt. Changes apply at the next boot; the VM&apos;s memory becomes shared memory.</source>
        <translation>리눅스 게스트에서: mount -t virtiofs &lt;태그&gt; /mnt. 변경은 다음 부팅 때 적용되며, VM의 메모리는 공유 메모리가 됩니다.</translation>
    </message>
    <message>
        <source>Folder to share</source>
        <translation>공유할 폴더</translation>
    </message>
    <message>
        <source>Folders shared with the guest through virtiofs:</source>
        <translation>virtiofs로 게스트와 공유하는 폴더:</translation>
    </message>
    <message>
        <source>Shared folders are unavailable: this host&apos;s QEMU or libvirt does not offer virtiofs (virtiofsd). Folders shared already can be removed.</source>
        <translation>공유 폴더를 쓸 수 없습니다. 이 호스트의 QEMU나 libvirt가 virtiofs(virtiofsd)를 제공하지 않습니다. 이미 공유한 폴더는 제거할 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>SnapshotPropertiesDialog</name>
    <message>
        <source>Snapshot &apos;{name}&apos;</source>
        <translation>스냅샷 &apos;{name}&apos;</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>이름:</translation>
    </message>
    <message>
        <source>Taken:</source>
        <translation>찍은 시각:</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>알 수 없음</translation>
    </message>
    <message>
        <source>VM was:</source>
        <translation>VM 상태:</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>메모리:</translation>
    </message>
    <message>
        <source>saved</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <source>not saved (disks only)</source>
        <translation>저장 안 됨 (디스크만)</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>종류:</translation>
    </message>
    <message>
        <source>external overlay files</source>
        <translation>외부 오버레이 파일</translation>
    </message>
    <message>
        <source>inside the disk images</source>
        <translation>디스크 이미지 안</translation>
    </message>
    <message>
        <source>Snapshot description</source>
        <translation>스냅샷 설명</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>설명(&amp;D):</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
</context>
<context>
    <name>SnapshotsPane</name>
    <message>
        <source>Take…</source>
        <translation>찍기…</translation>
    </message>
    <message>
        <source>Revert…</source>
        <translation>되돌리기…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>삭제…</translation>
    </message>
    <message>
        <source>Properties…</source>
        <translation>속성…</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>스냅샷</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>찍은 시각</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Select one virtual machine to see its snapshots.</source>
        <translation>스냅샷을 보려면 가상 머신 하나를 선택하세요.</translation>
    </message>
    <message>
        <source>Current State</source>
        <translation>현재 상태</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; as it is now: {state}</source>
        <translation>지금의 &apos;{name}&apos;: {state}</translation>
    </message>
    <message>
        <source>1 snapshot.</source>
        <translation>스냅샷 1개.</translation>
    </message>
    <message>
        <source>{n} snapshots.</source>
        <translation>스냅샷 {n}개.</translation>
    </message>
    <message>
        <source>A green lens: the running guest&apos;s memory is in it too.</source>
        <translation>초록색 렌즈: 실행 중인 게스트의 메모리도 들어 있습니다.</translation>
    </message>
    <message>
        <source>No snapshots yet. Take one to be able to come back to this state.</source>
        <translation>아직 스냅샷이 없습니다. 이 상태로 돌아올 수 있도록 하나 찍어 두세요.</translation>
    </message>
    <message>
        <source>Taking the snapshot &apos;{name}&apos;…</source>
        <translation>스냅샷 &apos;{name}&apos; 찍는 중…</translation>
    </message>
    <message>
        <source>Could not take a snapshot of &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos;의 스냅샷을 찍지 못했습니다</translation>
    </message>
    <message>
        <source>The state before reverting to &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos;(으)로 되돌리기 전의 상태</translation>
    </message>
    <message>
        <source>Reverting to &apos;{name}&apos;…</source>
        <translation>&apos;{name}&apos;(으)로 되돌리는 중…</translation>
    </message>
    <message>
        <source>Could not revert &apos;{vm}&apos; to &apos;{name}&apos;</source>
        <translation>&apos;{vm}&apos;을(를) &apos;{name}&apos;(으)로 되돌리지 못했습니다</translation>
    </message>
    <message>
        <source>Deleting the snapshot &apos;{name}&apos;…</source>
        <translation>스냅샷 &apos;{name}&apos; 삭제 중…</translation>
    </message>
    <message>
        <source>Could not delete the snapshot &apos;{name}&apos;</source>
        <translation>스냅샷 &apos;{name}&apos;을(를) 삭제하지 못했습니다</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>저장하는 중…</translation>
    </message>
    <message>
        <source>Could not change the snapshot &apos;{name}&apos;</source>
        <translation>스냅샷 &apos;{name}&apos;을(를) 바꾸지 못했습니다</translation>
    </message>
</context>
<context>
    <name>SourceGroup</name>
    <message>
        <source>Installation media (*.iso *.ISO *.img)</source>
        <translation>설치 미디어 (*.iso *.ISO *.img)</translation>
    </message>
    <message>
        <source>&amp;Install an operating system from an ISO image</source>
        <translation>ISO 이미지에서 운영 체제 설치(&amp;I)</translation>
    </message>
    <message>
        <source>Use an &amp;existing disk image (qcow2, raw, VMDK, VDI, VHD)</source>
        <translation>기존 디스크 이미지 사용(&amp;E) (qcow2, raw, VMDK, VDI, VHD)</translation>
    </message>
    <message>
        <source>Boot a Linux &amp;kernel directly (advanced)</source>
        <translation>리눅스 커널 직접 부팅(&amp;K) (고급)</translation>
    </message>
    <message>
        <source>Installation ISO</source>
        <translation>설치 ISO</translation>
    </message>
    <message>
        <source>Disk image</source>
        <translation>디스크 이미지</translation>
    </message>
    <message>
        <source>Disk images (%1)</source>
        <translation>디스크 이미지 (%1)</translation>
    </message>
    <message>
        <source>&amp;Copy it into a new qcow2 image (the original stays untouched)</source>
        <translation>새 qcow2 이미지로 복사(&amp;C) (원본은 그대로 둡니다)</translation>
    </message>
    <message>
        <source>Use the image &amp;where it is</source>
        <translation>이미지를 있는 자리에서 사용(&amp;W)</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>Initrd</source>
        <translation>Initrd</translation>
    </message>
    <message>
        <source>Kernel command line</source>
        <translation>커널 명령줄</translation>
    </message>
    <message>
        <source>e.g. console=ttyS0 root=/dev/vda1</source>
        <translation>예: console=ttyS0 root=/dev/vda1</translation>
    </message>
    <message>
        <source>Kernel:</source>
        <translation>커널:</translation>
    </message>
    <message>
        <source>Initrd (optional):</source>
        <translation>Initrd (선택):</translation>
    </message>
    <message>
        <source>Command line:</source>
        <translation>명령줄:</translation>
    </message>
    <message>
        <source>%1 image: the guest sees %2, it uses %3 here.</source>
        <translation>%1 이미지: 게스트에게는 %2로 보이고, 여기서는 %3를 차지합니다.</translation>
    </message>
    <message>
        <source>Also read these files:</source>
        <translation>다음 파일도 읽기:</translation>
    </message>
</context>
<context>
    <name>Sparkline</name>
    <message>
        <source>{0}: no activity (not running)</source>
        <translation>{0}: 활동 없음 (실행 중 아님)</translation>
    </message>
    <message>
        <source>CPU: {0} of {1} vCPU(s)</source>
        <translation>CPU: {0} / vCPU {1}개</translation>
    </message>
    <message>
        <source>Memory: {0} given of {1}</source>
        <translation>메모리: {1} 중 {0} 할당</translation>
    </message>
    <message>
        <source>In use by the guest: {0}</source>
        <translation>게스트 사용량: {0}</translation>
    </message>
</context>
<context>
    <name>SshTunnel</name>
    <message>
        <source>&apos;%1&apos; names no host to reach over SSH</source>
        <translation>&apos;%1&apos;에는 SSH로 닿을 호스트가 없습니다</translation>
    </message>
    <message>
        <source>%1 refused the SSH login (a permission problem)</source>
        <translation>%1이(가) SSH 로그인을 거부했습니다 (권한 문제)</translation>
    </message>
    <message>
        <source>The SSH host key of %1 could not be verified</source>
        <translation>%1의 SSH 호스트 키를 확인하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not find the host %1</source>
        <translation>호스트 %1을(를) 찾지 못했습니다</translation>
    </message>
    <message>
        <source>The SSH server on %1 does not allow forwarding to the display</source>
        <translation>%1의 SSH 서버가 디스플레이로의 포워딩을 허용하지 않습니다</translation>
    </message>
    <message>
        <source>Could not open the display&apos;s socket %1 on %2</source>
        <translation>%2에서 디스플레이 소켓 %1을(를) 열지 못했습니다</translation>
    </message>
    <message>
        <source>Nothing on %1 accepted a connection to the display at %2</source>
        <translation>%1에서 %2의 디스플레이로 가는 연결을 받은 것이 없습니다</translation>
    </message>
    <message>
        <source>Could not reach the SSH server of %1</source>
        <translation>%1의 SSH 서버에 닿지 못했습니다</translation>
    </message>
    <message>
        <source>Could not reach %1 over SSH</source>
        <translation>SSH로 %1에 닿지 못했습니다</translation>
    </message>
    <message>
        <source>SSH could not open a tunnel to the display at %1 on %2</source>
        <translation>SSH가 %2의 %1 디스플레이로 가는 터널을 열지 못했습니다</translation>
    </message>
    <message>
        <source>ssh ended without saying why</source>
        <translation>ssh가 이유를 말하지 않고 끝났습니다</translation>
    </message>
    <message>
        <source>OpenSSH&apos;s ssh client is not installed</source>
        <translation>OpenSSH의 ssh 클라이언트가 설치되어 있지 않습니다</translation>
    </message>
    <message>
        <source>Could not start ssh</source>
        <translation>ssh를 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>The SSH tunnel to %1 gave no answer from the display within %2 s</source>
        <translation>%1로 가는 SSH 터널에서 %2초 안에 디스플레이 응답이 없었습니다</translation>
    </message>
    <message>
        <source>The SSH connection to %1 timed out</source>
        <translation>%1로의 SSH 연결 시간이 초과되었습니다</translation>
    </message>
    <message>
        <source>Could not connect to the SSH tunnel to %1</source>
        <translation>%1로 가는 SSH 터널에 연결하지 못했습니다</translation>
    </message>
</context>
<context>
    <name>Stats</name>
    <message>
        <source>Could not read the live statistics of %1</source>
        <translation>%1의 실시간 통계를 읽지 못했습니다</translation>
    </message>
    <message>
        <source>The charts stand still; hvdesk keeps trying</source>
        <translation>차트가 멈춰 있습니다. hvdesk는 계속 시도합니다</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>qemu-img is not installed</source>
        <translation>qemu-img가 설치되어 있지 않습니다</translation>
    </message>
    <message>
        <source>Could not run qemu-img</source>
        <translation>qemu-img를 실행하지 못했습니다</translation>
    </message>
    <message>
        <source>qemu-img %1 failed</source>
        <translation>qemu-img %1 실패</translation>
    </message>
    <message>
        <source>it did not finish within %1 seconds</source>
        <translation>%1초 안에 끝나지 않았습니다</translation>
    </message>
    <message>
        <source>exit status %1</source>
        <translation>종료 상태 %1</translation>
    </message>
    <message>
        <source>Could not read the format of %1</source>
        <translation>%1의 형식을 읽지 못했습니다</translation>
    </message>
    <message>
        <source>Could not create %1</source>
        <translation>%1을(를) 만들지 못했습니다</translation>
    </message>
    <message>
        <source>A file with that name already exists</source>
        <translation>같은 이름의 파일이 이미 있습니다</translation>
    </message>
    <message>
        <source>Converting %1 was cancelled</source>
        <translation>%1 변환이 취소되었습니다</translation>
    </message>
    <message>
        <source>Converting %1</source>
        <translation>%1 변환 중</translation>
    </message>
    <message>
        <source>Could not convert %1</source>
        <translation>%1을(를) 변환하지 못했습니다</translation>
    </message>
    <message>
        <source>qemu-img exited with status %1</source>
        <translation>qemu-img가 상태 %1(으)로 끝났습니다</translation>
    </message>
    <message>
        <source>Could not create %1 in the pool &apos;%2&apos;</source>
        <translation>풀 &apos;%2&apos;에 %1을(를) 만들지 못했습니다</translation>
    </message>
    <message>
        <source>A volume with that name already exists</source>
        <translation>같은 이름의 볼륨이 이미 있습니다</translation>
    </message>
    <message>
        <source>Could not delete %1</source>
        <translation>%1을(를) 삭제하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not delete %1 from the pool &apos;%2&apos;</source>
        <translation>풀 &apos;%2&apos;에서 %1을(를) 삭제하지 못했습니다</translation>
    </message>
</context>
<context>
    <name>StoragePage</name>
    <message>
        <source>Storage</source>
        <translation>저장소</translation>
    </message>
    <message>
        <source>Disks and drives</source>
        <translation>디스크와 드라이브</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>버스</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>이미지</translation>
    </message>
    <message>
        <source>Add &amp;Hard Disk…</source>
        <translation>하드 디스크 추가(&amp;H)…</translation>
    </message>
    <message>
        <source>Add &amp;CD/DVD Drive</source>
        <translation>CD/DVD 드라이브 추가(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>제거(&amp;R)…</translation>
    </message>
    <message>
        <source>Cache mode</source>
        <translation>캐시 모드</translation>
    </message>
    <message>
        <source>Disc image</source>
        <translation>광학 디스크 이미지</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>비어 있음</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>선택…</translation>
    </message>
    <message>
        <source>&amp;Eject</source>
        <translation>꺼내기(&amp;E)</translation>
    </message>
    <message>
        <source>Disk size</source>
        <translation>디스크 크기</translation>
    </message>
    <message>
        <source>B&amp;us:</source>
        <translation>버스(&amp;U):</translation>
    </message>
    <message>
        <source>C&amp;ache:</source>
        <translation>캐시(&amp;A):</translation>
    </message>
    <message>
        <source>&amp;Disc:</source>
        <translation>광학 디스크(&amp;D):</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>크기(&amp;Z):</translation>
    </message>
    <message>
        <source>Only an existing image on that host can be added</source>
        <translation>그 호스트에 있는 기존 이미지만 추가할 수 있습니다</translation>
    </message>
    <message>
        <source>CD/DVD</source>
        <translation>CD/DVD</translation>
    </message>
    <message>
        <source>Floppy</source>
        <translation>플로피</translation>
    </message>
    <message>
        <source>Hard disk</source>
        <translation>하드 디스크</translation>
    </message>
    <message>
        <source>new</source>
        <translation>새 디스크</translation>
    </message>
    <message>
        <source>{0} (new, {1} GiB)</source>
        <translation>{0} (새 디스크, {1} GiB)</translation>
    </message>
    <message>
        <source>A new image, made when you press OK</source>
        <translation>확인을 누르면 만들어지는 새 이미지</translation>
    </message>
    <message>
        <source>Now {0:.1f} GiB; a disk can only grow</source>
        <translation>지금 {0:.1f} GiB. 디스크는 늘릴 수만 있습니다</translation>
    </message>
    <message>
        <source>Size unknown</source>
        <translation>크기 알 수 없음</translation>
    </message>
    <message>
        <source>Disc images (*.iso);;All files (*)</source>
        <translation>광학 디스크 이미지 (*.iso);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Remove hard disk {0} from &apos;{1}&apos;? The guest loses access to its data. The image file {2} is kept on the host.</source>
        <translation>&apos;{1}&apos;에서 하드 디스크 {0}을(를) 제거할까요? 게스트는 그 데이터에 접근할 수 없게 됩니다. 이미지 파일 {2}은(는) 호스트에 남습니다.</translation>
    </message>
    <message>
        <source>Remove the drive {0}?</source>
        <translation>드라이브 {0}을(를) 제거할까요?</translation>
    </message>
    <message>
        <source>Remove Disk</source>
        <translation>디스크 제거</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>제거</translation>
    </message>
    <message>
        <source>{0} was not added</source>
        <translation>{0}이(가) 추가되지 않았습니다</translation>
    </message>
    <message>
        <source>Remove it from the list and add it again</source>
        <translation>목록에서 지우고 다시 추가하세요</translation>
    </message>
    <message>
        <source>&apos;{0}&apos; is not a full path to a disc image</source>
        <translation>&apos;{0}&apos;은(는) 광학 디스크 이미지의 전체 경로가 아닙니다</translation>
    </message>
    <message>
        <source>A CD/DVD drive cannot be on the virtio bus</source>
        <translation>CD/DVD 드라이브는 virtio 버스에 둘 수 없습니다</translation>
    </message>
    <message>
        <source>Choose SATA, SCSI or IDE</source>
        <translation>SATA, SCSI 또는 IDE를 선택하세요</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>Installation ISO</source>
        <translation>설치 ISO</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>Initrd</source>
        <translation>Initrd</translation>
    </message>
    <message>
        <source>Command line</source>
        <translation>명령줄</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>Virtual CPUs</source>
        <translation>가상 CPU</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>new %1 GiB qcow2 image %2</source>
        <translation>새 %1 GiB qcow2 이미지 %2</translation>
    </message>
    <message>
        <source>a qcow2 copy of %1 at %2</source>
        <translation>%1의 qcow2 사본, 위치 %2</translation>
    </message>
    <message>
        <source>%1, used where it is</source>
        <translation>%1, 있는 자리에서 사용</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>디스크</translation>
    </message>
    <message>
        <source>paravirtual (virtio)</source>
        <translation>반가상화 (virtio)</translation>
    </message>
    <message>
        <source>emulated (SATA, Intel NIC)</source>
        <translation>에뮬레이션 (SATA, Intel NIC)</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>네트워크</translation>
    </message>
    <message>
        <source>Acceleration</source>
        <translation>가속</translation>
    </message>
    <message>
        <source>&amp;Start the VM and open its console</source>
        <translation>VM을 시작하고 콘솔 열기(&amp;S)</translation>
    </message>
</context>
<context>
    <name>SystemPage</name>
    <message>
        <source>System</source>
        <translation>시스템</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Current memory</source>
        <translation>현재 메모리</translation>
    </message>
    <message>
        <source>Virtual CPUs</source>
        <translation>가상 CPU</translation>
    </message>
    <message>
        <source>Maximum virtual CPUs</source>
        <translation>최대 가상 CPU</translation>
    </message>
    <message>
        <source>Set the CPU topology</source>
        <translation>CPU 토폴로지 지정</translation>
    </message>
    <message>
        <source>Sockets</source>
        <translation>소켓</translation>
    </message>
    <message>
        <source>Cores</source>
        <translation>코어</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>스레드</translation>
    </message>
    <message>
        <source>sockets</source>
        <translation>소켓</translation>
    </message>
    <message>
        <source>cores</source>
        <translation>코어</translation>
    </message>
    <message>
        <source>threads</source>
        <translation>스레드</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>펌웨어</translation>
    </message>
    <message>
        <source>Machine type</source>
        <translation>머신 유형</translation>
    </message>
    <message>
        <source>Boot order</source>
        <translation>부팅 순서</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>위로</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>아래로</translation>
    </message>
    <message>
        <source>&amp;Memory:</source>
        <translation>메모리(&amp;M):</translation>
    </message>
    <message>
        <source>C&amp;urrent memory:</source>
        <translation>현재 메모리(&amp;U):</translation>
    </message>
    <message>
        <source>&amp;Virtual CPUs:</source>
        <translation>가상 CPU(&amp;V):</translation>
    </message>
    <message>
        <source>Ma&amp;ximum vCPUs:</source>
        <translation>최대 vCPU(&amp;X):</translation>
    </message>
    <message>
        <source>Topology:</source>
        <translation>토폴로지:</translation>
    </message>
    <message>
        <source>&amp;Firmware:</source>
        <translation>펌웨어(&amp;F):</translation>
    </message>
    <message>
        <source>Mac&amp;hine type:</source>
        <translation>머신 유형(&amp;H):</translation>
    </message>
    <message>
        <source>Acceleration:</source>
        <translation>가속:</translation>
    </message>
    <message>
        <source>&amp;Boot order:</source>
        <translation>부팅 순서(&amp;B):</translation>
    </message>
    <message>
        <source>Hard disk</source>
        <translation>하드 디스크</translation>
    </message>
    <message>
        <source>CD/DVD</source>
        <translation>CD/DVD</translation>
    </message>
    <message>
        <source>Network (PXE)</source>
        <translation>네트워크 (PXE)</translation>
    </message>
    <message>
        <source>Floppy</source>
        <translation>플로피</translation>
    </message>
    <message>
        <source>Hard disk {0}</source>
        <translation>하드 디스크 {0}</translation>
    </message>
    <message>
        <source>CD/DVD {0}</source>
        <translation>CD/DVD {0}</translation>
    </message>
    <message>
        <source>Floppy {0}</source>
        <translation>플로피 {0}</translation>
    </message>
    <message>
        <source>Network adapter {0}</source>
        <translation>네트워크 어댑터 {0}</translation>
    </message>
    <message>
        <source>Host device {0}</source>
        <translation>호스트 장치 {0}</translation>
    </message>
    <message>
        <source>Redirected device ({0})</source>
        <translation>리디렉션된 장치 ({0})</translation>
    </message>
    <message>
        <source>The host has {0} MiB. A running VM&apos;s current memory changes at once (balloon); the maximum at the next boot.</source>
        <translation>호스트의 메모리는 {0} MiB입니다. 실행 중인 VM의 현재 메모리는 바로 바뀌고(벌룬), 최대 메모리는 다음 부팅 때 바뀝니다.</translation>
    </message>
    <message>
        <source>BIOS</source>
        <translation>BIOS</translation>
    </message>
    <message>
        <source>UEFI</source>
        <translation>UEFI</translation>
    </message>
    <message>
        <source>Direct kernel boot</source>
        <translation>커널 직접 부팅</translation>
    </message>
    <message>
        <source>This host has no UEFI firmware for VMs</source>
        <translation>이 호스트에는 VM용 UEFI 펌웨어가 없습니다</translation>
    </message>
    <message>
        <source>Started by the bootloader {0} on the host: no boot order applies.</source>
        <translation>호스트의 부트로더 {0}(으)로 시작됩니다: 부팅 순서가 적용되지 않습니다.</translation>
    </message>
    <message>
        <source>This VM gives each device its own place in the boot order.</source>
        <translation>이 VM은 장치마다 부팅 순서의 자리를 따로 정합니다.</translation>
    </message>
    <message>
        <source>{0} MiB is more memory than the host has ({1} MiB)</source>
        <translation>{0} MiB는 호스트의 메모리({1} MiB)보다 많습니다</translation>
    </message>
    <message>
        <source>Choose at most {0} MiB</source>
        <translation>최대 {0} MiB까지 선택하세요</translation>
    </message>
    <message>
        <source>The current memory ({0} MiB) is more than the maximum ({1} MiB)</source>
        <translation>현재 메모리({0} MiB)가 최대 메모리({1} MiB)보다 많습니다</translation>
    </message>
    <message>
        <source>Lower the current memory or raise the maximum</source>
        <translation>현재 메모리를 줄이거나 최대 메모리를 늘리세요</translation>
    </message>
    <message>
        <source>{0} vCPUs is more than the maximum of {1}</source>
        <translation>vCPU {0}개는 최대 {1}개보다 많습니다</translation>
    </message>
    <message>
        <source>Raise the maximum number of vCPUs first</source>
        <translation>먼저 최대 vCPU 수를 늘리세요</translation>
    </message>
    <message>
        <source>Tick at least one device to boot from</source>
        <translation>부팅할 장치를 하나 이상 선택하세요</translation>
    </message>
</context>
<context>
    <name>TakeSnapshotDialog</name>
    <message>
        <source>Take Snapshot of &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos;의 스냅샷 찍기</translation>
    </message>
    <message>
        <source>Snapshot name</source>
        <translation>스냅샷 이름</translation>
    </message>
    <message>
        <source>Snapshot description</source>
        <translation>스냅샷 설명</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>이름(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>설명(&amp;D):</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is running: its memory is saved too, and reverting resumes it from this moment. The guest pauses while the snapshot is taken.</source>
        <translation>&apos;{name}&apos;이(가) 실행 중입니다. 메모리도 저장되며, 되돌리면 이 순간부터 다시 실행됩니다. 스냅샷을 찍는 동안 게스트는 잠시 멈춥니다.</translation>
    </message>
    <message>
        <source>Take Snapshot</source>
        <translation>스냅샷 찍기</translation>
    </message>
</context>
<context>
    <name>TimeChart</name>
    <message>
        <source>now</source>
        <translation>지금</translation>
    </message>
    <message>
        <source>−{0} s</source>
        <translation>−{0}초</translation>
    </message>
    <message>
        <source>−{0} min</source>
        <translation>−{0}분</translation>
    </message>
    <message>
        <source>No figures yet</source>
        <translation>아직 수치가 없습니다</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>Uris</name>
    <message>
        <source>The connection address is empty</source>
        <translation>연결 주소가 비어 있습니다</translation>
    </message>
    <message>
        <source>Examples: %1</source>
        <translation>예: %1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a libvirt URI</source>
        <translation>&apos;%1&apos;은(는) libvirt URI가 아닙니다</translation>
    </message>
    <message>
        <source>It contains spaces</source>
        <translation>공백이 들어 있습니다</translation>
    </message>
    <message>
        <source>A URI starts with a driver name such as qemu:// or qemu+ssh://</source>
        <translation>URI는 qemu://나 qemu+ssh:// 같은 드라이버 이름으로 시작합니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; names no QEMU connection</source>
        <translation>&apos;%1&apos;은(는) QEMU 연결을 가리키지 않습니다</translation>
    </message>
    <message>
        <source>QEMU URIs end in /system, /session or /embed?root=DIR</source>
        <translation>QEMU URI는 /system, /session 또는 /embed?root=DIR로 끝납니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no root</source>
        <translation>&apos;%1&apos;에는 root가 없습니다</translation>
    </message>
</context>
<context>
    <name>UsbPage</name>
    <message>
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <source>Host USB devices</source>
        <translation>호스트 USB 장치</translation>
    </message>
    <message>
        <source>Tick the host&apos;s USB devices this VM may use:</source>
        <translation>이 VM이 쓸 수 있는 호스트 USB 장치를 선택하세요:</translation>
    </message>
    <message>
        <source>{0}:{1} (not plugged in now)</source>
        <translation>{0}:{1} (지금 꽂혀 있지 않음)</translation>
    </message>
    <message>
        <source>This connection does not list the host&apos;s USB devices; devices already passed through are shown and can be removed.</source>
        <translation>이 연결은 호스트의 USB 장치 목록을 주지 않습니다. 이미 연결해 준 장치는 보이며 제거할 수 있습니다.</translation>
    </message>
    <message>
        <source>The host has no USB devices to pass through.</source>
        <translation>호스트에 연결해 줄 USB 장치가 없습니다.</translation>
    </message>
    <message>
        <source>A device in use by the host is taken from it.</source>
        <translation>호스트가 쓰고 있는 장치는 호스트에서 빠집니다.</translation>
    </message>
</context>
<context>
    <name>VirtualMachine</name>
    <message>
        <source>Could not start &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not start &apos;%1&apos; with software emulation</source>
        <translation>&apos;%1&apos;을(를) 소프트웨어 에뮬레이션으로 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not shut down &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 종료하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not reboot &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 다시 시작하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not force off &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 강제 종료하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not pause &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 일시 정지하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not resume &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 재개하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not save the state of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 상태를 저장하지 못했습니다</translation>
    </message>
    <message>
        <source>Could not discard the saved state of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 저장된 상태를 버리지 못했습니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no CD/DVD drive %2</source>
        <translation>&apos;%1&apos;에는 CD/DVD 드라이브 %2이(가) 없습니다</translation>
    </message>
    <message>
        <source>Could not eject the disc in %1 of &apos;%2&apos;</source>
        <translation>&apos;%2&apos;의 %1에서 디스크를 꺼내지 못했습니다</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is running and was not deleted</source>
        <translation>&apos;%1&apos;이(가) 실행 중이어서 삭제하지 않았습니다</translation>
    </message>
    <message>
        <source>Shut it down or force it off first</source>
        <translation>먼저 종료하거나 강제 종료하세요</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was not deleted</source>
        <translation>&apos;%1&apos;을(를) 삭제하지 않았습니다</translation>
    </message>
    <message>
        <source>Another VM uses %1, or is built on it</source>
        <translation>다른 VM이 %1을(를) 사용하거나 그 위에 만들어져 있습니다</translation>
    </message>
    <message>
        <source>Keep that disk, or remove it from the other VM first</source>
        <translation>그 디스크를 남겨 두거나, 먼저 다른 VM에서 제거하세요</translation>
    </message>
    <message>
        <source>&apos;%1&apos; started meanwhile and was not deleted</source>
        <translation>&apos;%1&apos;이(가) 그사이 시작되어 삭제하지 않았습니다</translation>
    </message>
    <message>
        <source>Could not delete &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 삭제하지 못했습니다</translation>
    </message>
    <message>
        <source>it is not an image file</source>
        <translation>이미지 파일이 아닙니다</translation>
    </message>
    <message>
        <source>the file no longer exists</source>
        <translation>파일이 더 이상 없습니다</translation>
    </message>
</context>
<context>
    <name>VmEditActions</name>
    <message>
        <source>Clone…</source>
        <translation>복제…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>이름 바꾸기…</translation>
    </message>
    <message>
        <source>Move to Group…</source>
        <translation>그룹으로 이동…</translation>
    </message>
    <message>
        <source>Could not move %1 of %2 VMs to the group &apos;%3&apos;</source>
        <translation>VM %2개 중 %1개를 그룹 &apos;%3&apos;(으)로 옮기지 못했습니다</translation>
    </message>
    <message>
        <source>Could not take %1 of %2 VMs out of their group</source>
        <translation>VM %2개 중 %1개를 그룹에서 빼지 못했습니다</translation>
    </message>
    <message>
        <source>Could not move &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 옮기지 못했습니다</translation>
    </message>
</context>
<context>
    <name>VmLookup</name>
    <message>
        <source>&apos;%1&apos; is the UUID of a VM on each of %2; name the host with --connect.</source>
        <translation>&apos;%1&apos;은(는) %2 각각에 있는 VM의 UUID입니다. --connect로 호스트를 지정하세요.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; names a VM on each of %2; give its UUID instead.</source>
        <translation>&apos;%1&apos;은(는) %2 각각에 있는 VM의 이름입니다. 대신 UUID를 주세요.</translation>
    </message>
    <message>
        <source>There is no VM named &apos;%1&apos;: no connection is set up.</source>
        <translation>&apos;%1&apos;이라는 VM이 없습니다. 설정된 연결이 없습니다.</translation>
    </message>
    <message>
        <source>Could not look for &apos;%1&apos;. %2</source>
        <translation>&apos;%1&apos;을(를) 찾지 못했습니다. %2</translation>
    </message>
    <message>
        <source>There is no VM named &apos;%1&apos; (nor with that UUID) on %2.</source>
        <translation>%2에는 &apos;%1&apos;이라는 이름(또는 UUID)의 VM이 없습니다.</translation>
    </message>
</context>
<context>
    <name>VmState</name>
    <message>
        <source>Running</source>
        <translation>실행 중</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>일시 정지됨</translation>
    </message>
    <message>
        <source>Shutting down</source>
        <translation>종료하는 중</translation>
    </message>
    <message>
        <source>Powered off</source>
        <translation>꺼짐</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>저장됨</translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation>충돌함</translation>
    </message>
    <message>
        <source>Suspended (guest)</source>
        <translation>절전 (게스트)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>알 수 없음</translation>
    </message>
</context>
<context>
    <name>VmTreeModel</name>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>State</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>운영 체제</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>메모리</translation>
    </message>
    <message>
        <source>Acceleration</source>
        <translation>가속</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>그룹</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>활동</translation>
    </message>
</context>
<context>
    <name>VncClient</name>
    <message>
        <source>The console connection failed inside hvdesk: %1.</source>
        <translation>hvdesk 내부에서 콘솔 연결이 실패했습니다: %1.</translation>
    </message>
    <message>
        <source>The connection to the VNC server failed</source>
        <translation>VNC 서버와의 연결이 실패했습니다</translation>
    </message>
    <message>
        <source>The VNC server closed the connection while waiting for %1.</source>
        <translation>%1을(를) 기다리는 동안 VNC 서버가 연결을 닫았습니다.</translation>
    </message>
    <message>
        <source>The VNC server asks for a password, and none was given.</source>
        <translation>VNC 서버가 암호를 요구하지만 주어진 암호가 없습니다.</translation>
    </message>
    <message>
        <source>The VNC server refused the password</source>
        <translation>VNC 서버가 암호를 거부했습니다</translation>
    </message>
    <message>
        <source>The VNC server refused the connection</source>
        <translation>VNC 서버가 연결을 거부했습니다</translation>
    </message>
    <message>
        <source>%1 (with a reason too long to show).</source>
        <translation>%1 (이유가 너무 길어 보여 줄 수 없습니다).</translation>
    </message>
    <message>
        <source>The VNC server sent a message of unknown type %1.</source>
        <translation>VNC 서버가 알 수 없는 유형 %1의 메시지를 보냈습니다.</translation>
    </message>
    <message>
        <source>The VNC server asked for far more work than showing its screen needs, so hvdesk closed the connection to stay responsive.</source>
        <translation>VNC 서버가 화면을 보여 주는 데 필요한 것보다 훨씬 많은 작업을 요구하여, hvdesk가 응답성을 지키려고 연결을 닫았습니다.</translation>
    </message>
    <message>
        <source>Could not use the connection to the VNC server</source>
        <translation>VNC 서버와의 연결을 사용하지 못했습니다</translation>
    </message>
    <message>
        <source>The VNC server did not finish its handshake within %1 seconds (waiting for %2).</source>
        <translation>VNC 서버가 %1초 안에 핸드셰이크를 끝내지 않았습니다 (%2 기다리는 중).</translation>
    </message>
    <message>
        <source>Connecting to the VNC server was cancelled.</source>
        <translation>VNC 서버 연결이 취소되었습니다.</translation>
    </message>
</context>
<context>
    <name>XmlPage</name>
    <message>
        <source>XML</source>
        <translation>XML</translation>
    </message>
    <message>
        <source>The VM&apos;s definition as libvirt keeps it. Edits here are checked (well-formed, then libvirt&apos;s schema) when you press OK or Apply.</source>
        <translation>libvirt가 보관하는 VM 정의입니다. 여기서 고친 내용은 확인이나 적용을 누를 때 검사됩니다 (올바른 XML인지, 그다음 libvirt 스키마).</translation>
    </message>
    <message>
        <source>Domain XML</source>
        <translation>도메인 XML</translation>
    </message>
</context>
<context>
    <name>clone</name>
    <message>
        <source>Shut &apos;{name}&apos; down first: a VM is cloned while it is off, so its disks are consistent (a saved state is not carried over; discard it or shut down).</source>
        <translation>먼저 &apos;{name}&apos;을(를) 종료하세요. 디스크가 일관되도록 VM은 꺼진 상태에서 복제합니다 (저장된 상태는 옮겨지지 않으니 버리거나 종료하세요).</translation>
    </message>
    <message>
        <source>hvdesk clones VMs on this computer only; this connection is remote.</source>
        <translation>hvdesk는 이 컴퓨터의 VM만 복제합니다. 이 연결은 원격입니다.</translation>
    </message>
    <message>
        <source>Linked clones need libvirt&apos;s QEMU driver, which makes the overlay that keeps the original&apos;s disks unchanged; this connection cannot.</source>
        <translation>연결된 복제에는 원본 디스크를 그대로 두는 오버레이를 만드는 libvirt QEMU 드라이버가 필요합니다. 이 연결에서는 할 수 없습니다.</translation>
    </message>
    <message>
        <source>%1 Clone</source>
        <translation>%1 복제본</translation>
    </message>
    <message>
        <source>%1 Clone %2</source>
        <translation>%1 복제본 %2</translation>
    </message>
    <message>
        <source>Disk {dev} cannot be cloned</source>
        <translation>디스크 {dev}은(는) 복제할 수 없습니다</translation>
    </message>
    <message>
        <source>It is a {kind} disk; hvdesk copies files and devices on this computer</source>
        <translation>{kind} 디스크입니다. hvdesk는 이 컴퓨터의 파일과 장치만 복사합니다</translation>
    </message>
    <message>
        <source>Remove it from the VM, or copy it yourself and attach the copy</source>
        <translation>VM에서 제거하거나, 직접 복사해서 사본을 연결하세요</translation>
    </message>
    <message>
        <source>A linked clone needs file disks</source>
        <translation>연결된 복제에는 파일 디스크가 필요합니다</translation>
    </message>
    <message>
        <source>Disk {dev} is the device {path}</source>
        <translation>디스크 {dev}은(는) 장치 {path}입니다</translation>
    </message>
    <message>
        <source>Make a full clone instead</source>
        <translation>대신 전체 복제를 하세요</translation>
    </message>
    <message>
        <source>Disks frozen as the base of the linked clone</source>
        <translation>연결된 복제의 바탕으로 고정된 디스크</translation>
    </message>
    <message>
        <source>Could not clone &apos;%1&apos;</source>
        <translation>&apos;%1&apos;을(를) 복제하지 못했습니다</translation>
    </message>
    <message>
        <source>Copying {file}</source>
        <translation>{file} 복사 중</translation>
    </message>
    <message>
        <source>Linking {file}</source>
        <translation>{file} 연결 중</translation>
    </message>
    <message>
        <source>Defining &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos; 정의 중</translation>
    </message>
    <message>
        <source>Freezing the disks of &apos;{name}&apos;</source>
        <translation>&apos;{name}&apos;의 디스크 고정 중</translation>
    </message>
    <message>
        <source>Cloning &apos;{name}&apos; was cancelled</source>
        <translation>&apos;{name}&apos; 복제가 취소되었습니다</translation>
    </message>
    <message>
        <source>Nothing was left behind</source>
        <translation>남은 것은 없습니다</translation>
    </message>
    <message>
        <source>The clone &apos;%1&apos; is still there (libvirt: %2), so the files it uses were kept: %3. Delete &apos;%1&apos; with its disks to remove them</source>
        <translation>복제본 &apos;%1&apos;이(가) 아직 남아 있어 (libvirt: %2) 그것이 쓰는 파일을 남겨 두었습니다: %3. 지우려면 &apos;%1&apos;을(를) 디스크와 함께 삭제하세요</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>These files could not be removed: %1</source>
        <translation>다음 파일을 지우지 못했습니다: %1</translation>
    </message>
    <message>
        <source>it is running</source>
        <translation>실행 중입니다</translation>
    </message>
    <message>
        <source>Could not clone &apos;%1&apos; as &apos;%2&apos;</source>
        <translation>&apos;%1&apos;을(를) &apos;%2&apos;(으)로 복제하지 못했습니다</translation>
    </message>
    <message>
        <source>Cloning as &apos;{name}&apos; was cancelled</source>
        <translation>&apos;{name}&apos;(으)로의 복제가 취소되었습니다</translation>
    </message>
    <message>
        <source>A linked clone of &apos;{name}&apos; is not possible</source>
        <translation>&apos;{name}&apos;의 연결된 복제는 할 수 없습니다</translation>
    </message>
    <message>
        <source>It has snapshots inside its disks ({names})</source>
        <translation>디스크 안에 스냅샷이 있습니다 ({names})</translation>
    </message>
    <message>
        <source>Make a full clone, or delete those snapshots first</source>
        <translation>전체 복제를 하거나, 먼저 그 스냅샷을 삭제하세요</translation>
    </message>
    <message>
        <source>Could not create %1</source>
        <translation>%1을(를) 만들지 못했습니다</translation>
    </message>
    <message>
        <source>A file with that name already exists</source>
        <translation>같은 이름의 파일이 이미 있습니다</translation>
    </message>
    <message>
        <source>Could not create the overlay %1</source>
        <translation>오버레이 %1을(를) 만들지 못했습니다</translation>
    </message>
</context>
<context>
    <name>groups</name>
    <message>
        <source>A group name cannot contain tabs or line breaks.</source>
        <translation>그룹 이름에는 탭이나 줄 바꿈을 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>A group name can have at most {n} characters.</source>
        <translation>그룹 이름은 최대 {n}자까지 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>Could not move &apos;%1&apos; to the group &apos;%2&apos;</source>
        <translation>&apos;%1&apos;을(를) 그룹 &apos;%2&apos;(으)로 옮기지 못했습니다</translation>
    </message>
</context>
<context>
    <name>rename</name>
    <message>
        <source>Enter a name different from the current one.</source>
        <translation>지금 이름과 다른 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>Shut &apos;{name}&apos; down first: only a VM that is off can be renamed.</source>
        <translation>먼저 &apos;{name}&apos;을(를) 종료하세요. 꺼진 VM만 이름을 바꿀 수 있습니다.</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; has a saved state: start it and shut it down, or discard the saved state, before renaming it.</source>
        <translation>&apos;{name}&apos;에는 저장된 상태가 있습니다. 이름을 바꾸기 전에 시작했다가 종료하거나, 저장된 상태를 버리세요.</translation>
    </message>
    <message>
        <source>Could not rename &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 이름을 바꾸지 못했습니다</translation>
    </message>
    <message>
        <source>This connection&apos;s driver cannot rename VMs</source>
        <translation>이 연결의 드라이버는 VM의 이름을 바꿀 수 없습니다</translation>
    </message>
    <message>
        <source>Clone it under the new name and delete the original instead</source>
        <translation>대신 새 이름으로 복제하고 원본을 삭제하세요</translation>
    </message>
    <message>
        <source>libvirt renames only VMs without snapshots: delete them first</source>
        <translation>libvirt는 스냅샷이 없는 VM만 이름을 바꿉니다. 먼저 스냅샷을 삭제하세요</translation>
    </message>
    <message>
        <source>Could not rename &apos;%1&apos; to &apos;%2&apos;</source>
        <translation>&apos;%1&apos;의 이름을 &apos;%2&apos;(으)로 바꾸지 못했습니다</translation>
    </message>
</context>
<context>
    <name>snapshots</name>
    <message>
        <source>Could not list the snapshots of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 스냅샷 목록을 읽지 못했습니다</translation>
    </message>
    <message>
        <source>Snapshots need a VM with a saved definition; this one is transient.</source>
        <translation>스냅샷에는 정의가 저장된 VM이 필요합니다. 이 VM은 임시(transient) VM입니다.</translation>
    </message>
    <message>
        <source>QEMU cannot keep snapshots inside a UEFI VM&apos;s firmware variables: snapshots of UEFI VMs are not available with this libvirt.</source>
        <translation>QEMU는 UEFI VM의 펌웨어 변수 안에 스냅샷을 둘 수 없습니다. 이 libvirt에서는 UEFI VM의 스냅샷을 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>Snapshots are stored inside the VM&apos;s disk images, which must all be qcow2; these are not: {disks}. Clone the VM (full clone makes qcow2 copies) to get one that allows snapshots.</source>
        <translation>스냅샷은 VM의 디스크 이미지 안에 저장되므로 모두 qcow2여야 합니다. 다음은 qcow2가 아닙니다: {disks}. 스냅샷을 쓸 수 있는 VM을 얻으려면 VM을 복제하세요 (전체 복제는 qcow2 사본을 만듭니다).</translation>
    </message>
    <message>
        <source>Enter a name for the snapshot.</source>
        <translation>스냅샷 이름을 입력하세요.</translation>
    </message>
    <message>
        <source>A snapshot name cannot contain &apos;/&apos; or control characters.</source>
        <translation>스냅샷 이름에는 &apos;/&apos;나 제어 문자를 쓸 수 없습니다.</translation>
    </message>
    <message>
        <source>A snapshot name cannot start with &apos;.&apos; or a space, or end with a space.</source>
        <translation>스냅샷 이름은 &apos;.&apos;이나 공백으로 시작하거나 공백으로 끝날 수 없습니다.</translation>
    </message>
    <message>
        <source>A snapshot name can have at most {n} characters.</source>
        <translation>스냅샷 이름은 최대 {n}자까지 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>There is already a snapshot named &apos;{name}&apos;.</source>
        <translation>&apos;{name}&apos;이라는 스냅샷이 이미 있습니다.</translation>
    </message>
    <message>
        <source>Snapshot %1</source>
        <translation>스냅샷 %1</translation>
    </message>
    <message>
        <source>Could not take a snapshot of &apos;%1&apos;</source>
        <translation>&apos;%1&apos;의 스냅샷을 찍지 못했습니다</translation>
    </message>
    <message>
        <source>Could not take the snapshot &apos;%1&apos; of &apos;%2&apos;</source>
        <translation>&apos;%2&apos;의 스냅샷 &apos;%1&apos;을(를) 찍지 못했습니다</translation>
    </message>
    <message>
        <source>Could not revert &apos;%1&apos; to the snapshot &apos;%2&apos;</source>
        <translation>&apos;%1&apos;을(를) 스냅샷 &apos;%2&apos;(으)로 되돌리지 못했습니다</translation>
    </message>
    <message>
        <source>Could not delete the snapshot &apos;%1&apos; of &apos;%2&apos;</source>
        <translation>&apos;%2&apos;의 스냅샷 &apos;%1&apos;을(를) 삭제하지 못했습니다</translation>
    </message>
    <message>
        <source>It is an external snapshot, whose overlay files other snapshots may build on; this libvirt cannot merge those</source>
        <translation>외부 스냅샷이라서 다른 스냅샷이 그 오버레이 파일을 바탕으로 할 수 있습니다. 이 libvirt는 그것들을 합칠 수 없습니다</translation>
    </message>
    <message>
        <source>Keep it, or merge its files with virsh blockcommit</source>
        <translation>남겨 두거나, virsh blockcommit으로 파일을 합치세요</translation>
    </message>
    <message>
        <source>Could not change the snapshot &apos;%1&apos; of &apos;%2&apos;</source>
        <translation>&apos;%2&apos;의 스냅샷 &apos;%1&apos;을(를) 바꾸지 못했습니다</translation>
    </message>
</context>
</TS>
