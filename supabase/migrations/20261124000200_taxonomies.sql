-- Bilingual taxonomies of processes, materials and certification types. Reference data lives
-- here, not in seed.sql, because every environment (hosted or local, seeded or not) needs it and
-- the codes are the stable keys that profiles, needs, imports and the search index refer to.

create type public.process_category as enum (
  'machining', 'forming', 'joining', 'casting_forging', 'heat_treatment_surface', 'ndt',
  'composites', 'additive', 'electronics', 'optics', 'mro', 'polymer_rubber', 'software',
  'assembly_test', 'support_systems'
);
create type public.material_category as enum (
  'aluminium', 'titanium', 'steel', 'nickel_cobalt', 'other_metal', 'composite', 'polymer',
  'ceramic', 'electronic'
);
create type public.certification_category as enum (
  'quality_management', 'special_process', 'environment_safety', 'information_security',
  'electronics_workmanship', 'defense_status', 'export_control', 'laboratory'
);

create table public.processes (
  code text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(code) <= 60),
  parent_code text references public.processes (code) on update cascade on delete restrict,
  category public.process_category not null,
  label_en text not null check (char_length(label_en) between 1 and 120),
  label_ko text not null check (char_length(label_ko) between 1 and 120),
  synonyms_en text[] not null default '{}',
  synonyms_ko text[] not null default '{}',
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (parent_code is distinct from code)
);
create index processes_parent_code_idx on public.processes (parent_code);
create index processes_category_idx on public.processes (category);
create trigger processes_set_updated_at before update on public.processes
  for each row execute function private.set_updated_at();

create table public.materials (
  code text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(code) <= 60),
  category public.material_category not null,
  label_en text not null check (char_length(label_en) between 1 and 120),
  label_ko text not null check (char_length(label_ko) between 1 and 120),
  synonyms_en text[] not null default '{}',
  synonyms_ko text[] not null default '{}',
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index materials_category_idx on public.materials (category);
create trigger materials_set_updated_at before update on public.materials
  for each row execute function private.set_updated_at();

create table public.certification_types (
  code text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(code) <= 60),
  category public.certification_category not null,
  label_en text not null check (char_length(label_en) between 1 and 120),
  label_ko text not null check (char_length(label_ko) between 1 and 120),
  synonyms_en text[] not null default '{}',
  synonyms_ko text[] not null default '{}',
  issuer text check (issuer is null or char_length(issuer) <= 200),
  -- Whether certificates of this type normally carry an expiry date (designations may not).
  expires boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index certification_types_category_idx on public.certification_types (category);
create trigger certification_types_set_updated_at before update on public.certification_types
  for each row execute function private.set_updated_at();

-- Group rows first so children can point at them.
insert into public.processes (code, parent_code, category, label_en, label_ko, synonyms_en, synonyms_ko, sort_order) values
  ('welding', null, 'joining', 'Welding', '용접', '{welding,weld fabrication}', '{용접,용접 가공}', 300),
  ('ndt', null, 'ndt', 'Non-destructive testing', '비파괴검사', '{NDT,NDI,non-destructive inspection,nondestructive testing}', '{비파괴시험,비파괴 검사,NDT}', 600);

insert into public.processes (code, parent_code, category, label_en, label_ko, synonyms_en, synonyms_ko, sort_order) values
  ('machining-5axis', null, 'machining', '5-axis machining', '5축 가공', '{five-axis milling,5-axis milling,simultaneous 5-axis CNC,5 axis}', '{5축 밀링,5축 머시닝,5축 CNC,오축 가공}', 100),
  ('machining-3axis', null, 'machining', 'CNC milling (3-axis)', 'CNC 밀링 (3축)', '{CNC milling,vertical machining center,VMC,milling}', '{CNC 밀링,머시닝센터,밀링 가공}', 101),
  ('turning-precision', null, 'machining', 'Precision turning', '정밀 선삭', '{CNC lathe,Swiss-type turning,turn-mill,turning}', '{CNC 선반,자동선반,복합가공,선반 가공}', 102),
  ('grinding-precision', null, 'machining', 'Precision grinding', '정밀 연삭', '{cylindrical grinding,surface grinding,jig grinding}', '{원통연삭,평면연삭,지그연삭}', 103),
  ('gear-grinding', null, 'machining', 'Gear grinding and gear cutting', '기어 연삭·치절', '{gear finishing,profile grinding,gear hobbing,gear manufacturing}', '{기어 가공,치형 연삭,호빙,기어 제작}', 104),
  ('edm', null, 'machining', 'Electrical discharge machining', '방전 가공', '{EDM,wire EDM,sinker EDM}', '{와이어컷,방전가공,형조방전}', 105),
  ('deep-hole-drilling', null, 'machining', 'Deep-hole drilling and boring', '심공 가공', '{gun drilling,BTA drilling,barrel boring}', '{건드릴,심공드릴,포신 보링}', 106),
  ('large-part-machining', null, 'machining', 'Large structure machining', '대형 구조물 가공', '{gantry milling,boring mill,hull block machining,large part machining}', '{대형 가공,문형 밀링,보링 가공}', 107),
  ('sheet-metal-forming', null, 'forming', 'Sheet-metal forming', '판금 성형', '{press brake,stretch forming,hydroforming,deep drawing,sheet metal}', '{판금,프레스 성형,스트레치 성형,하이드로포밍}', 200),
  ('titanium-hot-forming', null, 'forming', 'Titanium hot and superplastic forming', '티타늄 열간·초소성 성형', '{SPF,superplastic forming,hot creep forming}', '{초소성 성형,열간성형,티타늄 성형}', 201),
  ('tube-bending', null, 'forming', 'Tube and pipe bending', '튜브·파이프 벤딩', '{pipe bending,hydraulic tubing,tube forming}', '{배관 벤딩,파이프 벤딩,튜브 성형}', 202),
  ('cutting-laser-waterjet', null, 'forming', 'Laser, waterjet and plasma cutting', '레이저·워터젯·플라즈마 절단', '{laser cutting,waterjet cutting,plasma cutting}', '{레이저 절단,워터젯 절단,플라즈마 절단}', 203),
  ('welding-tig-mig', 'welding', 'joining', 'TIG and MIG arc welding', 'TIG·MIG 아크 용접', '{GTAW,GMAW,arc welding,TIG welding,MIG welding}', '{티그 용접,미그 용접,아크 용접}', 301),
  ('welding-ebw', 'welding', 'joining', 'Electron beam welding', '전자빔 용접', '{EBW,e-beam welding,electron-beam welding}', '{전자빔용접,EBW}', 302),
  ('welding-fsw', 'welding', 'joining', 'Friction stir welding', '마찰교반 용접', '{FSW,friction stir,friction welding}', '{마찰교반용접,마찰용접,FSW}', 303),
  ('welding-laser', 'welding', 'joining', 'Laser beam welding', '레이저 용접', '{LBW,laser welding}', '{레이저용접}', 304),
  ('brazing-vacuum', null, 'joining', 'Vacuum brazing', '진공 브레이징', '{brazing,furnace brazing,vacuum braze}', '{브레이징,경납땜,진공 경납}', 305),
  ('casting-investment', null, 'casting_forging', 'Investment casting', '정밀 주조', '{lost-wax casting,precision casting,investment cast}', '{인베스트먼트 주조,로스트왁스,정밀주조}', 400),
  ('casting-sand', null, 'casting_forging', 'Sand casting', '사형 주조', '{green sand casting,foundry,sand cast}', '{사형주조,주물,주조}', 401),
  ('forging-closed-die', null, 'casting_forging', 'Closed-die forging', '형단조', '{forging,hot forging,ring rolling,die forging}', '{단조,열간단조,링 압연}', 402),
  ('powder-metallurgy', null, 'casting_forging', 'Powder metallurgy and metal injection molding', '분말야금·금속사출성형', '{MIM,metal injection molding,sintering,PM}', '{분말야금,금속사출성형,소결}', 403),
  ('heat-treatment', null, 'heat_treatment_surface', 'Heat treatment', '열처리', '{vacuum heat treatment,carburizing,nitriding,solution treatment,aging,heat treating}', '{진공열처리,침탄,질화,시효처리,고용화 처리}', 500),
  ('anodizing', null, 'heat_treatment_surface', 'Anodizing', '아노다이징', '{sulfuric anodize,hard anodize,chromic anodize,anodising}', '{양극산화,경질 아노다이징,아노다이징 처리}', 501),
  ('plating', null, 'heat_treatment_surface', 'Electroplating', '전기도금', '{cadmium plating,nickel plating,chrome plating,zinc-nickel plating,plating}', '{도금,니켈도금,크롬도금,카드뮴도금,아연니켈도금}', 502),
  ('chemical-conversion', null, 'heat_treatment_surface', 'Chemical conversion coating and passivation', '화성 피막·부동태화 처리', '{chromate conversion,alodine,passivation,chem film}', '{크로메이트,부동태화 처리,알로다인,화성처리}', 503),
  ('painting-coating', null, 'heat_treatment_surface', 'Painting and protective coating', '도장·방청 코팅', '{CARC,primer,powder coating,military paint,protective coating}', '{도장,분체도장,방청,군용도장}', 504),
  ('thermal-spray', null, 'heat_treatment_surface', 'Thermal spray coating', '용사 코팅', '{plasma spray,HVOF,thermal barrier coating}', '{용사,플라즈마 용사,열차폐 코팅}', 505),
  ('shot-peening', null, 'heat_treatment_surface', 'Shot peening', '숏피닝', '{peening,surface enhancement,controlled shot peening}', '{숏 피닝,쇼트피닝,표면 강화}', 506),
  ('ndt-ut', 'ndt', 'ndt', 'Ultrasonic testing', '초음파 탐상', '{UT,phased array,PAUT,ultrasonic inspection}', '{초음파검사,초음파 탐상 검사,UT}', 601),
  ('ndt-rt', 'ndt', 'ndt', 'Radiographic testing', '방사선 투과 검사', '{RT,X-ray inspection,computed tomography,CT scanning}', '{방사선투과검사,엑스레이 검사,RT,산업용 CT}', 602),
  ('ndt-pt', 'ndt', 'ndt', 'Penetrant testing', '침투 탐상', '{PT,FPI,fluorescent penetrant,dye penetrant}', '{침투탐상검사,형광침투,PT}', 603),
  ('ndt-mt', 'ndt', 'ndt', 'Magnetic particle testing', '자분 탐상', '{MT,MPI,magnetic particle inspection}', '{자분탐상검사,MT}', 604),
  ('ndt-et', 'ndt', 'ndt', 'Eddy current testing', '와전류 탐상', '{ET,ECT,eddy current inspection}', '{와전류검사,ET}', 605),
  ('composite-layup-autoclave', null, 'composites', 'Composite layup and autoclave cure', '복합재 적층·오토클레이브 성형', '{prepreg layup,autoclave curing,CFRP layup,composite manufacturing}', '{프리프레그 적층,오토클레이브,복합소재 성형,복합재 제작}', 700),
  ('composite-rtm', null, 'composites', 'Resin transfer molding', '수지 전달 성형', '{RTM,VARTM,resin infusion}', '{RTM,진공 수지 함침,수지 주입 성형}', 701),
  ('filament-winding', null, 'composites', 'Filament winding', '필라멘트 와인딩', '{rocket motor case winding,pressure vessel winding}', '{필라멘트 와인딩,연소관 와인딩}', 702),
  ('composite-repair', null, 'composites', 'Composite repair', '복합재 수리', '{bonded repair,scarf repair,composite rework}', '{복합재 보수,접착 수리}', 703),
  ('carbon-fiber-prepreg', null, 'composites', 'Carbon fibre and prepreg production', '탄소섬유·프리프레그 생산', '{carbon fiber production,prepreg manufacturing,carbon fibre}', '{탄소섬유,프리프레그 제조,탄소섬유 생산}', 704),
  ('am-metal-pbf', null, 'additive', 'Metal additive manufacturing (powder bed)', '금속 적층 제조 (분말 베드)', '{metal 3D printing,SLM,DMLS,LPBF,metal additive}', '{금속 3D 프린팅,금속 적층,분말 베드 용융}', 800),
  ('am-ded', null, 'additive', 'Directed energy deposition', '직접 에너지 적층', '{DED,laser cladding,WAAM,wire arc additive}', '{DED,레이저 클래딩,와이어 아크 적층}', 801),
  ('am-polymer', null, 'additive', 'Polymer additive manufacturing', '폴리머 3D 프린팅', '{SLS,FDM,rapid prototyping,3D printing}', '{3D 프린팅,시제품 제작,쾌속조형}', 802),
  ('pcb-assembly', null, 'electronics', 'PCB assembly', 'PCB 조립', '{SMT,PCBA,surface-mount assembly,through-hole assembly}', '{SMT,표면실장,기판 조립,PCB 실장}', 900),
  ('cable-harness', null, 'electronics', 'Cable and wire harness', '케이블·와이어 하네스', '{wire harness,cable assembly,MIL-spec harness,wiring}', '{와이어하네스,케이블 조립,배선 가공}', 901),
  ('rf-microwave', null, 'electronics', 'RF and microwave modules', 'RF·마이크로파 모듈', '{T/R module,radar module,RF amplifier,waveguide,microwave}', '{송수신 모듈,레이더 모듈,고주파 모듈,도파관,마이크로파}', 902),
  ('power-electronics', null, 'electronics', 'Power supplies and power electronics', '전원장치·전력전자', '{power supply unit,PSU,DC-DC converter,power conversion}', '{전원공급장치,컨버터,전원 모듈}', 903),
  ('box-build-integration', null, 'electronics', 'Electronic box build and integration', '전자장비 조립·통합', '{box build,LRU assembly,rack integration,system integration}', '{전장품 조립,체계통합,전자 장비 조립}', 904),
  ('optics-precision', null, 'optics', 'Precision optics', '정밀 광학', '{lens grinding,optical polishing,IR optics,optical fabrication}', '{렌즈 가공,광학 연마,적외선 광학}', 1000),
  ('electro-optics', null, 'optics', 'Electro-optical and infrared systems', '전자광학·적외선 장비', '{EO/IR,thermal imaging,laser rangefinder,electro-optics}', '{열상장비,전자광학,레이저 거리측정기}', 1001),
  ('hydraulic-overhaul', null, 'mro', 'Hydraulic component overhaul', '유압 부품 창정비', '{actuator overhaul,hydraulic pump repair,servo valve repair,hydraulics MRO}', '{유압 작동기 정비,유압펌프 수리,유압 부품 정비}', 1100),
  ('landing-gear-overhaul', null, 'mro', 'Landing-gear overhaul', '착륙장치 창정비', '{landing gear MRO,strut overhaul,landing gear repair}', '{랜딩기어 정비,착륙장치 정비}', 1101),
  ('engine-component-repair', null, 'mro', 'Engine component repair', '엔진 부품 수리', '{turbine blade repair,gas turbine MRO,engine MRO,engine overhaul}', '{엔진 정비,터빈 블레이드 수리,가스터빈 정비}', 1102),
  ('avionics-repair', null, 'mro', 'Avionics repair', '항공전자 수리', '{avionics MRO,LRU repair,flight computer repair}', '{항공전자 정비,항전장비 수리}', 1103),
  ('airframe-mro', null, 'mro', 'Airframe maintenance', '기체 정비', '{heavy maintenance,depot maintenance,PDM,airframe overhaul}', '{기체 창정비,중정비,기체 정비}', 1104),
  ('naval-systems-mro', null, 'mro', 'Naval systems maintenance', '함정 체계 정비', '{ship repair,submarine maintenance,shipboard systems overhaul}', '{함정 정비,잠수함 정비,수리조선}', 1105),
  ('vehicle-powertrain-mro', null, 'mro', 'Armoured-vehicle powertrain overhaul', '궤도차량 동력장치 정비', '{tank engine overhaul,transmission overhaul,powerpack overhaul}', '{전차 엔진 정비,변속기 정비,파워팩 정비}', 1106),
  ('seals-elastomers', null, 'polymer_rubber', 'Seals and elastomer parts', '씰·고무 부품', '{O-rings,gaskets,elastomer molding,seals}', '{오링,가스켓,고무 성형,씰}', 1200),
  ('injection-molding', null, 'polymer_rubber', 'Plastic injection molding', '플라스틱 사출 성형', '{injection moulding,thermoplastic molding}', '{사출성형,플라스틱 사출}', 1201),
  ('embedded-software', null, 'software', 'Embedded software', '임베디드 소프트웨어', '{firmware,DO-178C,real-time software,RTOS}', '{펌웨어,임베디드 SW,실시간 소프트웨어}', 1300),
  ('modeling-simulation', null, 'software', 'Modelling and simulation', '모델링·시뮬레이션', '{M&S,training simulator,digital twin,simulation}', '{모의훈련,시뮬레이터,디지털 트윈}', 1301),
  ('environmental-testing', null, 'assembly_test', 'Environmental and EMI testing', '환경·전자파 시험', '{MIL-STD-810,vibration test,thermal shock,EMI/EMC,MIL-STD-461}', '{환경시험,진동시험,전자파 시험,열충격 시험}', 1400),
  ('calibration-metrology', null, 'assembly_test', 'Calibration and metrology', '교정·정밀측정', '{CMM inspection,3D scanning,calibration,dimensional inspection}', '{교정,3차원 측정,CMM,정밀 측정}', 1401),
  ('mechanical-assembly', null, 'assembly_test', 'Mechanical and hydraulic assembly', '기계·유압 조립', '{gearbox assembly,actuator assembly,mechanical integration}', '{기계 조립,구동장치 조립,기어박스 조립}', 1402),
  ('aerostructure-assembly', null, 'assembly_test', 'Aerostructure assembly and riveting', '항공 구조물 조립·리벳팅', '{riveting,fastener installation,structural assembly,aerostructures}', '{리벳 작업,구조 조립,항공기 구조물}', 1403),
  ('uav-integration', null, 'assembly_test', 'UAV integration', '무인기 체계 통합', '{drone assembly,unmanned aerial vehicle,UAS integration,drone}', '{드론 조립,무인항공기 통합,드론}', 1404),
  ('battery-pack', null, 'assembly_test', 'Battery pack assembly', '배터리 팩 조립', '{lithium battery pack,BMS,battery module}', '{배터리 팩,전지 모듈,이차전지 팩}', 1405),
  ('military-textiles', null, 'support_systems', 'Military clothing and individual equipment', '군수 피복·개인 장구', '{body armor,combat uniform,tactical gear,load carriage}', '{방탄복,전투복,개인 장구,군복}', 1500),
  ('shelters-containers', null, 'support_systems', 'Military shelters and containers', '군용 쉘터·컨테이너', '{tactical shelter,ISO container,field shelter}', '{쉘터,야전 쉘터,군용 컨테이너}', 1501);

insert into public.materials (code, category, label_en, label_ko, synonyms_en, synonyms_ko, sort_order) values
  ('al-2024', 'aluminium', 'Aluminium 2024', '알루미늄 2024', '{AA2024,2024-T3,duralumin,aluminum 2024}', '{두랄루민,AL2024}', 100),
  ('al-6061', 'aluminium', 'Aluminium 6061', '알루미늄 6061', '{AA6061,6061-T6,aluminum 6061}', '{AL6061}', 101),
  ('al-7075', 'aluminium', 'Aluminium 7075', '알루미늄 7075', '{AA7075,7075-T6,aircraft aluminium,aluminum 7075}', '{초두랄루민,AL7075,항공용 알루미늄}', 102),
  ('al-li', 'aluminium', 'Aluminium-lithium alloy', '알루미늄-리튬 합금', '{Al-Li,2195,2050,aluminum lithium}', '{알루미늄 리튬,알리튬}', 103),
  ('ti-6al-4v', 'titanium', 'Titanium Ti-6Al-4V', '티타늄 Ti-6Al-4V', '{titanium,Ti64,grade 5 titanium,titanium alloy}', '{티타늄,티타늄 합금,Ti64}', 200),
  ('ti-cp', 'titanium', 'Commercially pure titanium', '순수 티타늄', '{CP titanium,grade 2 titanium}', '{순티타늄,CP 티타늄}', 201),
  ('steel-4340', 'steel', 'Alloy steel 4340', '합금강 4340', '{AISI 4340,high-strength steel,SNCM439}', '{크롬몰리브덴강,SNCM439,고장력강}', 300),
  ('steel-armor', 'steel', 'Armour steel', '방탄 강판', '{ballistic steel,MIL-DTL-12560,RHA,armor plate}', '{방탄강,장갑강판}', 301),
  ('steel-hy80', 'steel', 'HY-80/HY-100 naval steel', '함정용 고장력강 (HY-80)', '{HY-80,HY-100,submarine hull steel}', '{잠수함 선체강,HY-80,함정용 강재}', 302),
  ('stainless-17-4ph', 'steel', 'Stainless steel 17-4PH', '스테인리스강 17-4PH', '{17-4 PH,UNS S17400,precipitation hardening stainless}', '{석출경화 스테인리스,SUS630}', 303),
  ('stainless-316l', 'steel', 'Stainless steel 316L', '스테인리스강 316L', '{SUS316L,austenitic stainless,316 stainless}', '{SUS316L,스텐}', 304),
  ('maraging-steel', 'steel', 'Maraging steel', '마레이징강', '{18Ni maraging,C300,maraging}', '{마레이징 강}', 305),
  ('inconel-718', 'nickel_cobalt', 'Nickel superalloy Inconel 718', '니켈 초합금 인코넬 718', '{IN718,alloy 718,nickel superalloy,Inconel}', '{인코넬,니켈 초내열합금,인코넬 718}', 400),
  ('inconel-625', 'nickel_cobalt', 'Nickel alloy Inconel 625', '니켈 합금 인코넬 625', '{IN625,alloy 625}', '{인코넬 625}', 401),
  ('cobalt-alloy', 'nickel_cobalt', 'Cobalt alloy (Stellite)', '코발트 합금 (스텔라이트)', '{Stellite,Haynes 188,cobalt chrome}', '{스텔라이트,코발트 크롬}', 402),
  ('copper-beryllium', 'other_metal', 'Copper beryllium', '베릴륨동', '{BeCu,C17200,beryllium copper}', '{베릴륨 구리,베릴륨동 합금}', 500),
  ('magnesium-alloy', 'other_metal', 'Magnesium alloy', '마그네슘 합금', '{AZ31,AZ91,WE43,magnesium}', '{마그네슘,마그네슘 합금재}', 501),
  ('tungsten-heavy-alloy', 'other_metal', 'Tungsten heavy alloy', '텅스텐 중합금', '{WHA,tungsten alloy,tungsten}', '{텅스텐 합금,텅스텐}', 502),
  ('cfrp', 'composite', 'Carbon-fibre reinforced polymer', '탄소섬유 강화 복합재', '{CFRP,carbon fiber composite,carbon/epoxy,carbon fibre}', '{탄소섬유 복합재,카본,CFRP,탄소 복합재}', 600),
  ('gfrp', 'composite', 'Glass-fibre reinforced polymer', '유리섬유 강화 복합재', '{GFRP,fiberglass,radome composite,glass fibre}', '{유리섬유 복합재,파이버글라스,GFRP}', 601),
  ('aramid', 'composite', 'Aramid fibre composite', '아라미드 복합재', '{Kevlar,aramid,ballistic fabric}', '{케블라,아라미드,방탄 섬유}', 602),
  ('peek', 'polymer', 'PEEK', 'PEEK 수지', '{polyether ether ketone,high-performance thermoplastic}', '{엔지니어링 플라스틱,피크 수지}', 700),
  ('fluoroelastomer', 'polymer', 'Fluoroelastomer (FKM)', '불소고무 (FKM)', '{Viton,FKM,fluorocarbon rubber}', '{바이톤,FKM,불소 고무}', 701),
  ('technical-ceramics', 'ceramic', 'Technical ceramics (alumina, SiC, B4C)', '기술 세라믹 (알루미나·탄화규소·탄화붕소)', '{ceramic armor,silicon carbide,boron carbide,alumina}', '{세라믹 방탄,탄화규소,탄화붕소,알루미나}', 800),
  ('rf-laminate-ptfe', 'electronic', 'RF laminates (PTFE)', '고주파 PCB 기판 (PTFE)', '{PTFE laminate,Rogers laminate,high-frequency laminate}', '{테프론 기판,고주파 기판}', 900),
  ('gan-semiconductor', 'electronic', 'Gallium nitride (GaN)', '질화갈륨 (GaN)', '{GaN,gallium nitride,GaN-on-SiC}', '{질화갈륨,GaN 반도체}', 901),
  ('germanium-ir', 'electronic', 'Germanium and IR optical materials', '게르마늄·적외선 광학재', '{germanium,zinc selenide,ZnSe,infrared optics material}', '{게르마늄,셀렌화아연,적외선 광학 소재}', 902);

insert into public.certification_types (code, category, label_en, label_ko, synonyms_en, synonyms_ko, issuer, expires, sort_order) values
  ('as9100d', 'quality_management', 'AS9100D', 'AS9100D 항공우주 품질경영시스템', '{AS9100,AS 9100 rev D,EN 9100,JIS Q 9100,aerospace QMS}', '{항공우주 품질경영시스템,AS9100}', 'IAQG-accredited registrar', true, 100),
  ('ks-q-9100', 'quality_management', 'KS Q 9100', 'KS Q 9100 항공우주 품질경영', '{Korean AS9100,KSQ9100}', '{KS Q 9100,한국 항공우주 품질경영}', 'KSA-accredited registrar', true, 101),
  ('iso-9001', 'quality_management', 'ISO 9001', 'ISO 9001 품질경영시스템', '{ISO 9001:2015,QMS,quality management system}', '{품질경영시스템,KS Q ISO 9001}', null, true, 102),
  ('dqms', 'quality_management', 'Defense Quality Management System (DQMS)', '국방품질경영시스템 (DQMS)', '{DQMS,Defense Quality Management System,KDS 0050-9000}', '{국방품질경영시스템,DQMS,국방품질인증}', 'Defense Agency for Technology and Quality', true, 103),
  ('aqap-2110', 'quality_management', 'AQAP-2110', 'AQAP-2110 나토 품질보증 요구사항', '{AQAP 2110,NATO quality assurance}', '{나토 품질보증,AQAP}', null, true, 104),
  ('nadcap-ht', 'special_process', 'NADCAP Heat Treating', 'NADCAP 열처리', '{NADCAP HT,AC7102,heat treating accreditation}', '{나드캡 열처리,NADCAP HT}', 'PRI', true, 200),
  ('nadcap-ndt', 'special_process', 'NADCAP Nondestructive Testing', 'NADCAP 비파괴검사', '{NADCAP NDT,AC7114}', '{나드캡 비파괴,NADCAP NDT}', 'PRI', true, 201),
  ('nadcap-cp', 'special_process', 'NADCAP Chemical Processing', 'NADCAP 화학처리', '{NADCAP CP,AC7108,chemical processing accreditation}', '{나드캡 화학처리,NADCAP CP}', 'PRI', true, 202),
  ('nadcap-welding', 'special_process', 'NADCAP Welding', 'NADCAP 용접', '{NADCAP WLD,AC7110}', '{나드캡 용접}', 'PRI', true, 203),
  ('nadcap-composites', 'special_process', 'NADCAP Composites', 'NADCAP 복합재', '{NADCAP COMP,AC7118}', '{나드캡 복합재}', 'PRI', true, 204),
  ('nas-410', 'special_process', 'NAS 410 NDT personnel certification', 'NAS 410 비파괴검사원 자격', '{NAS410,EN 4179}', '{비파괴검사 인원 자격,NAS410}', null, true, 205),
  ('iso-14001', 'environment_safety', 'ISO 14001', 'ISO 14001 환경경영시스템', '{EMS,environmental management system,ISO 14001:2015}', '{환경경영시스템,환경경영}', null, true, 300),
  ('iso-45001', 'environment_safety', 'ISO 45001', 'ISO 45001 안전보건경영시스템', '{OHSMS,occupational health and safety}', '{안전보건경영시스템,안전보건경영}', null, true, 301),
  ('iso-27001', 'information_security', 'ISO/IEC 27001', 'ISO/IEC 27001 정보보호 관리체계', '{ISMS,information security management,ISO 27001}', '{정보보호 관리체계,정보보안 인증}', null, true, 400),
  ('cmmc-l2', 'information_security', 'CMMC Level 2', 'CMMC 2단계', '{CMMC,Cybersecurity Maturity Model Certification}', '{사이버보안 성숙도 인증,CMMC}', null, true, 401),
  ('ipc-a-610', 'electronics_workmanship', 'IPC-A-610', 'IPC-A-610 전자조립품 수용성', '{IPC 610,acceptability of electronic assemblies}', '{전자조립품 수용성 기준,IPC 610}', 'IPC', true, 500),
  ('ipc-whma-a-620', 'electronics_workmanship', 'IPC/WHMA-A-620', 'IPC/WHMA-A-620 케이블·하네스 수용성', '{IPC 620,cable and harness acceptability,WHMA-A-620}', '{케이블 하네스 수용성 기준,IPC 620}', 'IPC', true, 501),
  ('ipc-j-std-001', 'electronics_workmanship', 'IPC J-STD-001', 'IPC J-STD-001 솔더링', '{J-STD-001,soldering standard}', '{솔더링 표준,납땜 표준}', 'IPC', true, 502),
  ('defense-designated', 'defense_status', 'Designated defense company', '방산업체 지정', '{designated defense company,defense industry designation,DAPA designation}', '{방산업체,방산업체 지정서,방위산업체}', 'Ministry of Trade, Industry and Energy / DAPA', false, 600),
  ('security-assessment', 'defense_status', 'Defense security assessment', '보안측정', '{security clearance,facility security assessment}', '{보안측정 통과,보안 측정}', 'Defense Counterintelligence Command', true, 601),
  ('itar-registration', 'export_control', 'ITAR registration', 'ITAR 등록', '{DDTC registration,ITAR}', '{ITAR 등록,미국 수출통제 등록}', 'US DDTC', true, 700),
  ('iso-17025', 'laboratory', 'ISO/IEC 17025 (KOLAS)', 'ISO/IEC 17025 (KOLAS 공인시험기관)', '{KOLAS,test laboratory accreditation,ISO 17025}', '{KOLAS,공인시험기관,공인교정기관}', 'KOLAS', true, 800);
